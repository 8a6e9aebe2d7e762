//! What a build may reuse from the build before it.
//!
//! `fokus serve` keeps one [`Memo`] between rebuilds, so saving one module
//! re-renders that module and what depends on it, not the whole course.
//! Each step asks the memo for a result by a key made from *everything* the
//! result is made from (the source text, the settings, fingerprints of link
//! targets, exercises and templates); equal keys mean equal inputs, so a
//! reused result is the result a clean build would make. A build without a
//! memo ([`Memo::none`]) computes everything.

use std::any::Any;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

mod serial;

// Keys are already fingerprints: FxHash mixes them far more cheaply than
// SipHash, and a rebuild of `fokus serve` looks up thousands of them.
type Table = rustc_hash::FxHashMap<(&'static str, u64), Arc<dyn Any + Send + Sync>>;

/// Results of earlier builds, by step and content key.
#[derive(Default)]
pub struct Memo {
    keep: bool,
    /// Results of the last build (and of failed builds since).
    previous: Mutex<Table>,
    /// Results this build used or made.
    current: Mutex<Table>,
}

impl Memo {
    /// A memo that keeps each build's results for the next build.
    pub fn new() -> Self {
        Memo {
            keep: true,
            ..Memo::default()
        }
    }

    /// No memo: for a single build, which has nothing to reuse.
    pub fn none() -> Self {
        Memo::default()
    }

    /// Whether results are kept for a later build; a build without a memo
    /// need not compute the fingerprints it would look results up by.
    pub fn keeps(&self) -> bool {
        self.keep
    }

    /// The result of `step` for inputs with fingerprint `key`: reused when an
    /// earlier build made it, otherwise made now with `make`.
    pub fn get_or<T: Any + Send + Sync>(
        &self,
        step: &'static str,
        key: u64,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        if !self.keep {
            return Arc::new(make());
        }
        let found = lock(&self.previous)
            .get(&(step, key))
            .cloned()
            .and_then(|v| v.downcast::<T>().ok());
        let value = found.unwrap_or_else(|| Arc::new(make()));
        lock(&self.current).insert((step, key), value.clone());
        value
    }

    /// End a build: after a success only its results are kept; after a
    /// failure the earlier ones stay too, for when the error is fixed.
    pub fn finish(&mut self, success: bool) {
        let current = std::mem::take(
            self.current
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner),
        );
        let previous = self
            .previous
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        if success {
            *previous = current;
        } else {
            previous.extend(current);
        }
    }
}

fn lock(m: &Mutex<Table>) -> std::sync::MutexGuard<'_, Table> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The hasher behind every fingerprint: foldhash's quality variant with a
/// fixed seed, so that a fingerprint is the same in every run. It reads long
/// texts (every source file is fingerprinted) several times faster than the
/// standard library's SipHash; fingerprints only tell a build what changed,
/// so no resistance to chosen collisions is needed.
fn hasher() -> impl Hasher {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x0066_6f6b_7573).build_hasher()
}

/// A 64-bit fingerprint of anything hashable.
pub fn fingerprint(value: &impl Hash) -> u64 {
    let mut h = hasher();
    value.hash(&mut h);
    h.finish()
}

/// A fingerprint of a value's serde form (see [`serial`]); `None` (never
/// reused) if the value cannot be serialised. The form is written into a
/// buffer kept per thread and hashed at once: hashing many small pieces one
/// by one cost more than writing them.
pub fn fingerprint_serde(seed: u64, value: &impl serde::Serialize) -> Option<u64> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with(|buffer| {
        let mut buffer = buffer.try_borrow_mut().ok()?;
        buffer.clear();
        serial::write(&mut buffer, value).ok()?;
        let mut h = hasher();
        h.write_u64(seed);
        h.write(&buffer);
        Some(h.finish())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_by_key_and_forgets_what_a_build_did_not_use() {
        let mut memo = Memo::new();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = |v: u32| {
            made.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            v
        };
        assert_eq!(*memo.get_or("a", 1, || make(10)), 10);
        assert_eq!(*memo.get_or("a", 2, || make(20)), 20);
        memo.finish(true);
        assert_eq!(*memo.get_or("a", 1, || make(99)), 10, "same key: reused");
        memo.finish(true);
        assert_eq!(
            *memo.get_or("a", 2, || make(21)),
            21,
            "unused last time: made again"
        );
        assert_eq!(made.load(std::sync::atomic::Ordering::SeqCst), 3);
        let none = Memo::none();
        assert_eq!(*none.get_or("a", 1, || 5u32), 5);
    }
}
