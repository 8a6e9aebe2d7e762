//! The build: a course folder becomes the site's files.
//!
//! [`build_into`] runs the steps in order, each in its own file:
//! [`load`] → [`check`] → [`markdown`] → [`resolve`] → [`pages`] →
//! [`assemble`], and hands every file to a [`Sink`] as soon as it is made.
//! `fokus build` gives it a [`crate::output::SiteWriter`], which writes each
//! file into the temporary output folder (swapped in after a success), so
//! the site is never held in memory as a whole; [`build`] and
//! [`build_with`] collect the files in memory ([`Collect`]) for `fokus
//! check`, `fokus serve` and `fokus package`: the very same build. A
//! [`Memo`] lets a rebuild reuse what an earlier build made from the same
//! inputs.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use crate::config::Edition;
use crate::diagnostics::Diagnostics;
pub use crate::memo::Memo;
use crate::output::OutputFile;
pub use sink::{Collect, Sink};

pub mod assemble;
pub mod certificate;
pub mod check;
pub mod load;
pub mod markdown;
pub mod pages;
pub mod resolve;
mod schedule;
mod sink;
mod slides;
mod training;
pub mod views;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The course folder (holds `course.yaml`).
    pub root: PathBuf,
    pub edition: Edition,
    /// Include modules marked `draft: true`.
    pub drafts: bool,
    /// Treat objectives no question checks as errors.
    pub strict: bool,
    /// The program ends right after this build (`fokus build`): what the
    /// build held is left for the system to take back with the process,
    /// all at once, instead of being freed piece by piece (at 5,000 modules
    /// that took both cores about 50 ms), as `clang -cc1` does. Everything
    /// that builds again or goes on (`serve`, `package`, tests) frees it.
    pub exits_after: bool,
}

impl BuildOptions {
    /// Participant edition of the course at `root`, without drafts.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            edition: Edition::Participant,
            drafts: false,
            strict: false,
            exits_after: false,
        }
    }
}

/// Counts for the one-line summary.
#[derive(Debug, Clone, Default)]
pub struct BuildStats {
    pub parts: usize,
    pub modules: usize,
    pub exercises: usize,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Time spent in each step, for `--timings`.
    pub phases: Vec<(&'static str, Duration)>,
}

impl BuildStats {
    /// `6 parts, 26 modules, 15 exercises: 45 pages (61 files) in 0.12 s`.
    pub fn summary(&self) -> String {
        format!(
            "{} parts, {} modules, {} exercises: {} pages ({} files) in {:.2} s",
            self.parts,
            self.modules,
            self.exercises,
            self.pages,
            self.files,
            self.elapsed.as_secs_f64()
        )
    }
}

/// A built site, ready to write or serve.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub files: Vec<OutputFile>,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
    pub stats: BuildStats,
}

/// Build the course at `opts.root` into memory: a clean build.
pub fn build(opts: &BuildOptions) -> Result<Site, Diagnostics> {
    build_with(opts, &mut Memo::none())
}

/// Build the course, reusing from `memo` what earlier builds made from the same inputs.
pub fn build_with(opts: &BuildOptions, memo: &mut Memo) -> Result<Site, Diagnostics> {
    let files = Collect::default();
    let built = build_into(opts, memo, &files)?;
    Ok(Site {
        files: files.into_files(),
        warnings: built.warnings,
        stats: built.stats,
    })
}

/// What a build into a [`Sink`] gives besides its files.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
    pub stats: BuildStats,
}

/// Build the course, handing each file to `sink` as soon as it is made. On
/// `Err` the sink may have had some of the files: the caller drops them (the
/// output folder is swapped in only after a success).
pub fn build_into(
    opts: &BuildOptions,
    memo: &mut Memo,
    sink: &dyn Sink,
) -> Result<Built, Diagnostics> {
    let result = steps(opts, memo, sink);
    memo.finish(result.is_ok());
    result
}

/// The build's steps, in order; each stops the build when it finds errors.
fn steps(opts: &BuildOptions, memo: &Memo, sink: &dyn Sink) -> Result<Built, Diagnostics> {
    let mut clock = Clock::start();
    let out = sink::Out::new(sink);
    let course = load::load(opts, memo)?;
    clock.lap("load");
    let checked = check::check(&course, opts, memo);
    let mut diags = checked.diagnostics;
    clock.lap("check");
    let sources = markdown::render(&course, opts.edition, memo);
    clock.lap("markdown");
    let valid = &checked.exercises;
    let resolved = resolve::resolve(&course, valid, &sources, opts.edition, memo, &mut diags)?;
    clock.lap("resolve");
    let pages = pages::render(&course, &sources, &resolved, memo, &out, &mut diags)?;
    clock.lap("pages");
    let pages = assemble::assemble(&course, &sources, &resolved, pages, memo, &out, &mut diags)?;
    clock.lap("assemble");
    let stats = BuildStats {
        parts: course.content.parts.len(),
        modules: course.content.modules().count(),
        exercises: course.exercises.len(),
        pages,
        files: out.count(),
        elapsed: clock.started.elapsed(),
        phases: clock.phases,
    };
    if opts.exits_after {
        std::mem::forget(resolved);
        std::mem::forget(sources);
        std::mem::forget(course);
    } else {
        // At thousands of modules, letting go of what the build held takes a
        // while: both cores do it.
        rayon::join(|| sources.into_par_iter().for_each(drop), || drop(resolved));
    }
    Ok(Built {
        stats,
        warnings: diags,
    })
}

/// Time per step, for `--timings`.
struct Clock {
    started: Instant,
    lap: Instant,
    phases: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn start() -> Self {
        Clock {
            started: Instant::now(),
            lap: Instant::now(),
            phases: Vec::new(),
        }
    }

    fn lap(&mut self, step: &'static str) {
        self.phases.push((step, self.lap.elapsed()));
        self.lap = Instant::now();
    }
}
