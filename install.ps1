# Install mentor on Windows from its released binaries: no Rust needed.
#
#   irm https://github.com/mentor-programme/mentor/releases/latest/download/install.ps1 | iex
#   .\install.ps1 -Version 0.1.0 -Dir "$HOME\bin"
#
# The archive is installed only if its SHA-256 matches the release's SHA256SUMS.
param(
    [string]$Version = "latest",
    [string]$Dir = (Join-Path $env:LOCALAPPDATA "mentor\bin")
)
$ErrorActionPreference = "Stop"

$Repository = "https://github.com/mentor-programme/mentor"
$Base = if ($env:MENTOR_DOWNLOAD_URL) { $env:MENTOR_DOWNLOAD_URL } else { "$Repository/releases" }
$Version = $Version.TrimStart("v")

if (-not [Environment]::Is64BitOperatingSystem -or $env:PROCESSOR_ARCHITECTURE -ne "AMD64") {
    throw "There is no mentor release for this Windows ($env:PROCESSOR_ARCHITECTURE). Install from source: cargo install --locked --git $Repository mentor"
}
$Target = "x86_64-pc-windows-msvc"
$Archive = "mentor-$Target.zip"
$Url = if ($Version -eq "latest") { "$Base/latest/download" } else { "$Base/download/v$Version" }

$Work = Join-Path ([IO.Path]::GetTempPath()) ("mentor-" + [Guid]::NewGuid())
New-Item -ItemType Directory -Path $Work | Out-Null
try {
    Write-Host "mentor install: downloading $Archive ($Version)"
    Invoke-WebRequest -Uri "$Url/$Archive" -OutFile (Join-Path $Work $Archive) -UseBasicParsing
    Invoke-WebRequest -Uri "$Url/SHA256SUMS" -OutFile (Join-Path $Work "SHA256SUMS") -UseBasicParsing

    $Line = Get-Content (Join-Path $Work "SHA256SUMS") | Where-Object { ($_ -split '\s+')[1] -in @($Archive, "*$Archive") } | Select-Object -First 1
    if (-not $Line) { throw "SHA256SUMS does not list $Archive; not installing" }
    $Expected = ($Line -split '\s+')[0].ToLower()
    $Actual = (Get-FileHash -Algorithm SHA256 (Join-Path $Work $Archive)).Hash.ToLower()
    if ($Expected -ne $Actual) {
        throw "checksum mismatch for $Archive (expected $Expected, got $Actual): the download is damaged or was tampered with; not installing"
    }

    Expand-Archive -Path (Join-Path $Work $Archive) -DestinationPath $Work
    New-Item -ItemType Directory -Force -Path $Dir | Out-Null
    Copy-Item (Join-Path $Work "mentor-$Target\mentor.exe") (Join-Path $Dir "mentor.exe") -Force
    Write-Host "mentor install: installed $(& (Join-Path $Dir 'mentor.exe') --version) in $Dir"
    if (-not (($env:PATH -split ';') -contains $Dir)) {
        Write-Host "mentor install: add $Dir to your PATH (Settings > Environment variables) to run mentor by name"
    }
}
finally {
    Remove-Item -Recurse -Force $Work
}
