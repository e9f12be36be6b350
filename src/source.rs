//! Source files and the locations inside them.
//!
//! Every record remembers the byte range it came from; this module turns those
//! ranges into the `file:line:column` that people and CI systems read.

use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range inside one parsed file, before it is tied to a [`FileId`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ByteRange {
    pub start: u32,
    pub end: u32,
}

impl ByteRange {
    pub fn new(start: usize, end: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }
}

/// A byte range in a known file: enough to point at any field of any record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: ByteRange) -> Self {
        Self {
            file,
            start: range.start,
            end: range.end,
        }
    }

    /// A zero-width span at the start of a file, for problems with a whole file.
    pub fn file_start(file: FileId) -> Self {
        Self {
            file,
            start: 0,
            end: 0,
        }
    }
}

/// One file of the programme, read into memory.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as found on disk.
    pub path: PathBuf,
    /// The path relative to the programme root, with `/` separators: what every
    /// diagnostic prints, so output is the same on every machine.
    pub display: String,
    pub text: String,
    /// Where each line starts, worked out the first time a location in the
    /// file is needed: most files of a programme never need one.
    line_starts: std::sync::OnceLock<Vec<u32>>,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        Self {
            path,
            display,
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(
                self.text
                    .bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
            );
            starts
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = offset.min(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        let line = self.line_starts().partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts()[line - 1] as usize;
        let end = (offset as usize).max(start);
        let column = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line, column + 1)
    }

    /// Byte offset of a 1-based line and character column, clamped to the file.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let start = start as usize;
        let rest = self.text.get(start..).unwrap_or("");
        let within: usize = rest
            .char_indices()
            .take_while(|&(_, c)| c != '\n')
            .nth(column.saturating_sub(1))
            .map_or_else(|| rest.find('\n').unwrap_or(rest.len()), |(i, _)| i);
        start + within
    }

    /// Byte range of a 1-based line, without its line break.
    pub fn line_range(&self, line: usize) -> (usize, usize) {
        let start = self
            .line_starts()
            .get(line.saturating_sub(1))
            .map_or(self.text.len(), |&s| s as usize);
        let end = self
            .line_starts()
            .get(line)
            .map_or(self.text.len(), |&s| s as usize);
        let text = &self.text[start..end];
        let trimmed = text.trim_end_matches(['\n', '\r']).len();
        (start, start + trimmed)
    }
}

/// All files read for one run, indexed by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Room for `more` files, so a large programme's list is not grown file by file.
    pub fn reserve(&mut self, more: usize) {
        self.files.reserve_exact(more);
    }

    pub fn push(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn path_of(&self, id: FileId) -> Option<&Path> {
        self.get(id).map(|f| f.path.as_path())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Every file with its id, in the order they were read.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("x"), "x".into(), text.into())
    }

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let f = file("a = 1\nname = \"Sílva\" x\n");
        let x = f.text.find(" x").unwrap() as u32 + 1;
        assert_eq!(f.line_col(x), (2, 16));
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.offset_of(2, 16), x as usize);
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let f = file("ab\ncd");
        assert_eq!(f.line_col(999), (2, 3));
        assert_eq!(f.offset_of(9, 9), 5);
        assert_eq!(f.line_range(2), (3, 5));
    }
}
