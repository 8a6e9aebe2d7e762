//! Where a build puts its files as they are made.
//!
//! `fokus build` hands the build a [`crate::output::SiteWriter`], which
//! writes each file into the temporary output folder at once, so the site is
//! never held in memory as a whole; `fokus serve` and `fokus package` hand it
//! a [`Collect`], which keeps the files for the server or the package. Both
//! get exactly the same files from the same steps.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::Diagnostic;
use crate::memo::fingerprint;
use crate::output::OutputFile;

/// Takes each file of the site once it is finished.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Collect(Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files, in path order (files are put from parallel steps).
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self
            .0
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok(())
    }
}

/// The build's side of a sink: passes each file on and remembers what the
/// offline worker needs of it (its path, a fingerprint and its size), and
/// the first error of the sink.
pub(super) struct Out<'s> {
    sink: &'s dyn Sink,
    listed: Mutex<Vec<(String, u64)>>,
    bytes: AtomicUsize,
    files: AtomicUsize,
    error: Mutex<Option<Diagnostic>>,
}

impl<'s> Out<'s> {
    pub fn new(sink: &'s dyn Sink) -> Self {
        Out {
            sink,
            listed: Mutex::new(Vec::new()),
            bytes: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
            error: Mutex::new(None),
        }
    }

    /// Hand `file` to the sink.
    pub fn put(&self, file: OutputFile) {
        let print = fingerprint(&(&file.path, file.bytes.as_slice()));
        self.bytes.fetch_add(file.bytes.len(), Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        let path = file.path.clone();
        if let Err(d) = self.sink.put(file) {
            let mut error = self
                .error
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            error.get_or_insert(d);
        }
        self.listed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((path, print));
    }

    /// Files put so far.
    pub fn count(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// The first error of the sink, if any.
    pub fn error(&self) -> Option<Diagnostic> {
        self.error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    /// Every file put so far as (path, fingerprint) in path order, and their total size.
    pub fn listed(&self) -> (Vec<(String, u64)>, usize) {
        let mut listed = std::mem::take(
            &mut *self
                .listed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        listed.sort();
        (listed, self.bytes.load(Ordering::Relaxed))
    }
}
