// Loading a programme allocates many small strings and tree nodes across
// threads; mimalloc does that faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    mentor::run(std::env::args_os())
}
