//! The command line: argument parsing and one file per subcommand.
//!
//! This is the edge where diagnostics are printed and turned into exit codes:
//! 0 success, 1 content errors, 2 usage errors.

mod build;
mod check;
pub mod help;
mod init;
mod new;
mod package;
mod report;
mod serve;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::Edition;
use crate::diagnostics::Diagnostics;

/// fokus: turn a folder of Markdown training modules and YAML exercises into
/// an accessible static training site.
#[derive(Debug, Parser)]
#[command(name = "fokus", version, about, long_about = None)]
pub struct Cli {
    /// The course folder (where course.yaml is).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// Never colour the output.
    #[arg(long, global = true)]
    pub no_color: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default public/).
    Build(build::BuildArgs),
    /// Check the whole course and report every problem; writes nothing.
    Check(check::CheckArgs),
    /// Create a new, small course that builds, in DIR.
    Init(init::InitArgs),
    /// Create a new module or exercise with every field explained.
    #[command(subcommand)]
    New(new::NewCommand),
    /// Package the site as one zip: scorm12 or cmi5 for an LMS, or zip to hand out.
    Package(package::PackageArgs),
    /// Build, serve on localhost, rebuild on every change and reload the browser.
    Serve(serve::ServeArgs),
}

/// Options shared by the commands that build.
#[derive(Debug, Clone, clap::Args)]
pub struct EditionArgs {
    /// Which edition to build: participant (default) or trainer (with trainer notes).
    #[arg(long, value_enum, default_value_t = EditionArg::Participant)]
    pub edition: EditionArg,
    /// Include modules and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// `--edition` on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EditionArg {
    /// For caseworkers.
    Participant,
    /// For trainers: trainer notes, answer key and day plan.
    Trainer,
}

impl From<EditionArg> for Edition {
    fn from(e: EditionArg) -> Self {
        match e {
            EditionArg::Participant => Edition::Participant,
            EditionArg::Trainer => Edition::Trainer,
        }
    }
}

/// How a command ended, for the exit code.
pub enum Outcome {
    Ok,
    /// The course has errors (exit 1).
    ContentErrors,
    /// The command could not be carried out as asked (exit 2).
    UsageError,
}

impl Outcome {
    /// The process exit code.
    pub fn code(&self) -> i32 {
        match self {
            Outcome::Ok => 0,
            Outcome::ContentErrors => 1,
            Outcome::UsageError => 2,
        }
    }
}

/// Parse the command line (`args` with the program name first), in the
/// course's language; `Err` is the exit code after help, version or a
/// wrong command line was printed.
pub fn parse_args(args: Vec<std::ffi::OsString>) -> Result<Cli, i32> {
    let color = !args.iter().any(|a| a == "--no-color") && std::env::var_os("NO_COLOR").is_none();
    help::parse(args, color)
}

/// `6 dele, 26 moduler, …` in the language of messages.
pub fn summary(stats: &crate::build::BuildStats) -> crate::messages::Text {
    t!(
        "status.summary",
        parts = stats.parts,
        modules = stats.modules,
        exercises = stats.exercises,
        pages = stats.pages,
        files = stats.files,
        seconds = format!("{:.2}", stats.elapsed.as_secs_f64())
    )
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> Outcome {
    let color = !cli.no_color && std::env::var_os("NO_COLOR").is_none();
    let out = Output {
        root: cli.root.clone(),
        color,
    };
    match cli.command {
        Command::Build(args) => build::run(&cli.root, args, &out),
        Command::Check(args) => check::run(&cli.root, args, &out),
        Command::Init(args) => init::run(args, &out),
        Command::New(cmd) => new::run(&cli.root, cmd, &out),
        Command::Package(args) => package::run(&cli.root, args, &out),
        Command::Serve(args) => serve::run(&cli.root, args, &out),
    }
}

/// Where and how commands print.
pub struct Output {
    root: PathBuf,
    color: bool,
}

impl Output {
    /// Print diagnostics with source snippets to stderr.
    pub fn diagnostics(&self, d: &Diagnostics) {
        report::emit(d, &self.root, self.color, self.language());
    }

    /// The language of messages: the course's, or outside a course the environment's.
    pub fn language(&self) -> crate::messages::Language {
        crate::messages::course_language(&self.root)
    }

    /// Print a status line from the message table to stderr.
    pub fn say(&self, text: crate::messages::Text) {
        eprintln!("{}", text.render(self.language()));
    }

    /// Print the "N errors, M warnings" line after diagnostics.
    pub fn tally(&self, d: &Diagnostics) {
        let (e, w) = (d.error_count(), d.warning_count());
        if e > 0 || w > 0 {
            eprintln!(
                "{}",
                t!("tally", errors = e, warnings = w).render(self.language())
            );
        }
    }
}
