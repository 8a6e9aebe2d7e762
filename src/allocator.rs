//! The memory allocator of every program built from this crate (the
//! command, its tests and its benchmarks, so that they measure what users
//! run): mimalloc.
//!
//! A build allocates and frees millions of small strings (terms, page
//! parts) on every core at once. With mimalloc a clean build of 5,000
//! modules took about an eighth less time than with glibc's allocator, run
//! in turns on one machine. Two of its settings are chosen (in Cargo.toml):
//! - version 3, not 2: version 2 reserves 32 MiB of address space for every
//!   thread, so `fokus serve` with its connection threads ran out under a
//!   1.5 GB address-space limit (`tests/it/security.rs`);
//! - transparent huge pages allowed (mimalloc's default; its `no_thp`
//!   feature turns them off): where the system offers them, memory comes
//!   in 2 MB pages, and a clean build of 5,000 modules takes about 400 page
//!   faults instead of 45,000. In turns on one machine it took 0.83 s
//!   against 0.91 s (median of 8), and it peaked at 203–230 MB instead of
//!   about 180 MB (a page counts whole once touched). They were off while
//!   the build held every module's Markdown to its end: with them it then
//!   peaked at about 275 MB, over the 250 MB target.
//!
//! And one in `.cargo/config.toml`: `MI_SKIP_COLLECT_ON_EXIT`. Without it
//! mimalloc frees every page and hands it back to the system when the
//! process ends (for a library that is loaded and unloaded); after a clean
//! build of 5,000 modules that was about 300 `madvise` calls the system's
//! own clean-up at exit makes needless.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
