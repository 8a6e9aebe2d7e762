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

    /// Whether the site gets its offline worker (`sw.js`, which lists and
    /// fingerprints every file); `fokus serve` registers none.
    fn offline_worker(&self) -> bool {
        true
    }

    /// Every page has been put, with everything a page loads (the theme's
    /// files, the navigation script, the course's own files); what follows
    /// is made from the pages (the print pages, the search index, the
    /// offline worker). Called only while the build has found no error.
    /// `fokus serve` shows the new pages at this moment.
    fn pages_ready(&self) {}
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Collect(Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files put so far, in the order they came.
    pub fn so_far(&self) -> Vec<OutputFile> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

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

    /// Whether the site gets its offline worker.
    pub fn offline_worker(&self) -> bool {
        self.sink.offline_worker()
    }

    /// Hand `file` to the sink.
    pub fn put(&self, file: OutputFile) {
        let print = if self.sink.offline_worker() {
            fingerprint(&(&file.path, content_print(file.bytes.as_slice())))
        } else {
            0
        };
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

    /// Tell the sink that every page is put (see [`Sink::pages_ready`]).
    pub fn pages_ready(&self) {
        self.sink.pages_ready();
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

/// A fast 64-bit fingerprint of a file's bytes, for the offline worker's
/// version: four lanes of 8 bytes each, multiply-rotate mixed, so a build
/// reads its 200 MB of output at memory speed. Any change of a single 8-byte
/// word changes it; it is not meant to resist a chosen collision.
pub fn content_print(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(29);
    let mut lanes = [1u64, 2, 3, 4].map(|i| i.wrapping_mul(K) ^ bytes.len() as u64);
    let mut blocks = bytes.chunks_exact(32);
    for b in &mut blocks {
        for (i, lane) in lanes.iter_mut().enumerate() {
            let w = u64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
            *lane = mix(*lane, w);
        }
    }
    let mut last = [0u8; 32];
    let rest = blocks.remainder();
    last[..rest.len()].copy_from_slice(rest);
    for (i, lane) in lanes.iter_mut().enumerate() {
        let w = u64::from_le_bytes(last[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
        *lane = mix(*lane, w);
    }
    fingerprint(&lanes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_print_sees_every_byte() {
        let base: Vec<u8> = (0..200u32).map(|i| (i * 31 % 251) as u8).collect();
        let print = content_print(&base);
        for n in [0, 1, 7, 8, 31, 32, 33, 199] {
            let mut changed = base.clone();
            changed[n] ^= 1;
            assert_ne!(content_print(&changed), print, "byte {n}");
        }
        assert_ne!(content_print(&base[..199]), print, "a shorter file");
        assert_ne!(content_print(b""), content_print(&[0]));
        assert_eq!(content_print(&base), print);
    }
}
