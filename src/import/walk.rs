//! Walking an import folder: the files to import, streamed.
//!
//! Input: a root folder. Output: an iterator of file paths (depth-first,
//! sorted by name within a folder so runs are reproducible), or per-entry
//! errors (unreadable folder) to report. Hidden entries (`.git`, `.DS_Store`),
//! system files (`Thumbs.db`, `desktop.ini`, `__MACOSX`, Office lock files
//! `~$…`) are skipped; symbolic links are not followed, so a link loop
//! cannot trap the walk. Nothing is collected in memory: the walk streams.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// Whether a folder entry is an OS or editor artefact, not a resume.
pub fn is_skipped(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || matches!(
            lower.as_str(),
            "thumbs.db" | "desktop.ini" | "__macosx" | "$recycle.bin" | "system volume information"
        )
}

/// One thing the walk found.
#[derive(Debug)]
pub enum Entry {
    File(PathBuf),
    /// A folder or file that could not be read (reported as failed).
    Error {
        path: PathBuf,
        error: String,
    },
}

/// The files under `root` (or `root` itself when it is a file).
pub fn walk(root: &Path) -> impl Iterator<Item = Entry> + use<> {
    WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped(&e.file_name().to_string_lossy()))
        .filter_map(|e| match e {
            Ok(e) if e.file_type().is_file() => Some(Entry::File(e.into_path())),
            Ok(_) => None,
            Err(err) => Some(Entry::Error {
                path: err.path().map(Path::to_path_buf).unwrap_or_default(),
                error: err
                    .io_error()
                    .map(|io| io.to_string())
                    .unwrap_or_else(|| err.to_string()),
            }),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_hidden_and_system_files() {
        for s in [
            ".DS_Store",
            ".git",
            "Thumbs.db",
            "desktop.ini",
            "__MACOSX",
            "~$cv.docx",
        ] {
            assert!(is_skipped(s), "{s}");
        }
        for s in ["cv.pdf", "Jane Doe.docx", "resume~1.txt"] {
            assert!(!is_skipped(s), "{s}");
        }
    }

    #[test]
    fn walks_nested_folders_without_following_links() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(root.join(".hidden")).unwrap_or_else(|e| panic!("{e}"));
        for f in [
            "a/one.pdf",
            "a/b/two.docx",
            ".hidden/x.pdf",
            "a/.DS_Store",
            "three.txt",
        ] {
            std::fs::write(root.join(f), b"x").unwrap_or_else(|e| panic!("{e}"));
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap_or_else(|e| panic!("{e}"));
        let files: Vec<String> = walk(root)
            .filter_map(|e| match e {
                Entry::File(p) => Some(
                    p.strip_prefix(root)
                        .unwrap_or(&p)
                        .to_string_lossy()
                        .replace('\\', "/"),
                ),
                Entry::Error { .. } => None,
            })
            .collect();
        assert_eq!(files, ["a/b/two.docx", "a/one.pdf", "three.txt"]);
    }
}
