//! The integration tests: one binary, one module per area, shared helpers in
//! [`common`]. Each test drives the real `fokus` binary or the library on a
//! fixture course in `tests/fixtures/` (or the bundled course).

mod build;
mod certificate;
mod checks;
mod cli;
mod common;
mod course;
mod errors;
mod exercises;
mod incremental;
mod materials;
mod package;
mod security;
mod selfassessment;
mod serve;
mod snapshots;
mod training;
mod unicode;
