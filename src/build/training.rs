//! What a training day needs besides the pages: each module's slide deck
//! (trainer edition), the day plan and the printable tools (handouts) with
//! the "Værktøjer" page that lists them.
//!
//! [`prepare`] makes all of it once per build; the page models take the
//! template values from here.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::views::{DayPlanView, Deck, DeckView, Handout, ToolsView};

use super::schedule::{self, ExerciseIn, ModuleIn, Warning};
use super::slides::{self, DeckInput};
use crate::config::Edition;
use crate::config::{CourseConfig, Schedule};
use crate::content::{Content, Module, PageKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::exercises::LoadedExercise;
use crate::links::LinkIndex;
use crate::markdown::MarkdownRenderer;
use crate::messages::Text;
use crate::render::Theme;
use crate::route::{Route, relative};
use crate::yaml::Seg::Key;

/// Where the list of printable tools is written.
pub fn tools_url() -> String {
    Route::Tools.url()
}

/// Estimated printed lines one A4 handout page holds (see `printed_lines`).
const HANDOUT_LINES: f32 = 46.0;

/// Decks, day plan and tools of one build.
pub(super) struct Training {
    /// Per module (course order): its deck (trainer edition).
    pub decks: Vec<Option<Deck>>,
    /// The day plan.
    pub plan: schedule::Plan,
    /// `schedule.days` from course.yaml.
    pub schedule_days: Option<u32>,
    /// The handouts, with root-relative URLs.
    pub handouts: Vec<Handout>,
    pub edition: Edition,
}

/// Make the decks, the day plan and the handout list; problems go to `diags`.
#[allow(clippy::too_many_arguments)]
pub(super) fn prepare(
    config: &CourseConfig,
    content: &Content,
    modules: &[&Module],
    scans: &[Arc<crate::slides::Scan>],
    exercises: &[LoadedExercise],
    md: &MarkdownRenderer,
    theme: &Theme,
    index: &LinkIndex,
    diags: &mut Diagnostics,
) -> Training {
    let by_id: HashMap<&str, &LoadedExercise> =
        exercises.iter().map(|e| (e.spec.id.as_str(), e)).collect();
    let part_title = |m: &Module| {
        let slug = m.id.split('/').next().unwrap_or("");
        content
            .parts
            .iter()
            .find(|p| p.slug == slug)
            .map_or(String::new(), |p| p.title.clone())
    };
    // Decks are made in both editions, so `fokus check` finds a broken slide; only the
    // trainer edition writes them.
    let input = DeckInput {
        md,
        strings: &theme.strings,
        index,
        exercises: &by_id,
    };
    // In parallel; each module's problems are kept in course order.
    let made: Vec<(Option<Deck>, Diagnostics)> = modules
        .par_iter()
        .zip(scans)
        .map(|(m, scan)| {
            let mut found = Diagnostics::new();
            let deck = slides::deck(&input, m, &part_title(m), scan, &mut found);
            ((md.edition == Edition::Trainer).then_some(deck), found)
        })
        .collect();
    let mut decks: Vec<Option<Deck>> = Vec::with_capacity(made.len());
    for (deck, found) in made {
        diags.extend(found);
        decks.push(deck);
    }

    let trainer = md.edition == Edition::Trainer;
    let items: Vec<ModuleIn> = modules
        .iter()
        .zip(scans)
        .map(|(m, scan)| {
            let part = m.id.split('/').next().unwrap_or("");
            ModuleIn {
                title: &m.doc.meta.title,
                url: relative(
                    &Route::DayPlan.url(),
                    &Route::Module {
                        part,
                        module: &m.slug,
                    }
                    .url(),
                ),
                part: content
                    .parts
                    .iter()
                    .find(|p| p.slug == part)
                    .map_or("", |p| p.title.as_str()),
                minutes: m.doc.meta.duration,
                deck_url: trainer
                    .then(|| relative(&Route::DayPlan.url(), &slides::deck_url(part, &m.slug))),
                exercises: scan
                    .exercises()
                    .into_iter()
                    .filter_map(|id| by_id.get(id))
                    .map(|e| ExerciseIn {
                        id: &e.spec.id,
                        title: &e.spec.title,
                        url: relative(
                            &Route::DayPlan.url(),
                            &Route::Exercise { id: &e.spec.id }.url(),
                        ),
                        minutes: e.spec.duration,
                    })
                    .collect(),
            }
        })
        .collect();
    let default = Schedule::default();
    let schedule = config.schedule.as_ref().unwrap_or(&default);
    let words = schedule::Words {
        lunch: theme.strings.get("lunch"),
        pause: theme.strings.get("pause"),
    };
    let plan = schedule::plan(schedule, &items, &words);
    // A course without `schedule` has not asked for a plan that runs: no warnings.
    if config.schedule.is_some() {
        for w in &plan.warnings {
            diags.push(plan_warning(w, modules));
        }
    }

    let handouts = content
        .pages
        .iter()
        .filter(|p| p.doc.meta.kind == Some(PageKind::Handout))
        .map(|p| {
            let lines = printed_lines(&p.doc.body.text());
            if lines > HANDOUT_LINES {
                diags.push(
                    Diagnostic::warning(
                        &p.doc.path,
                        t!(
                            "plan.handout_long",
                            lines = format!("{}", lines.round()),
                            max = format!("{HANDOUT_LINES}")
                        ),
                    )
                    .at_position(p.doc.locate(&[Key("kind")]))
                    .help(t!("plan.handout_long_help")),
                );
            }
            Handout {
                title: p.doc.meta.title.clone(),
                summary: p.doc.meta.summary.clone(),
                url: Route::Page { slug: &p.slug }.url(),
            }
        })
        .collect();
    for part in &content.parts {
        if let Some(idx) = &part.index
            && idx.meta.kind == Some(PageKind::Handout)
        {
            diags.push(
                Diagnostic::warning(&idx.path, t!("plan.handout_page"))
                    .at_position(idx.locate(&[Key("kind")]))
                    .help(t!("plan.handout_page_help")),
            );
        }
    }

    Training {
        decks,
        schedule_days: schedule.days,
        plan,
        handouts,
        edition: md.edition,
    }
}

fn plan_warning(w: &Warning, modules: &[&Module]) -> Diagnostic {
    let config = crate::config::CONFIG_FILE;
    let module = |i: usize| modules.get(i).copied();
    let at_module = |i: usize, message: Text, help: Text| match module(i) {
        Some(m) => Diagnostic::warning(&m.doc.path, message)
            .at_position(m.doc.locate(&[Key("duration")]))
            .help(help),
        None => Diagnostic::warning(config, message).help(help),
    };
    match *w {
        Warning::DayUnderHalf { day, minutes, room } => {
            Diagnostic::warning(config, t!("plan.under_half", day, minutes, room))
                .help(t!("plan.under_half_help"))
        }
        Warning::TooManyDays { needed, days } => {
            Diagnostic::warning(config, t!("plan.too_many_days", needed, days))
                .help(t!("plan.too_many_days_help"))
        }
        Warning::ModuleTooLong {
            module: i,
            minutes,
            room,
        } => at_module(
            i,
            t!("plan.module_too_long", minutes, room),
            t!("plan.module_too_long_help"),
        ),
        Warning::NoBreak {
            module: i,
            minutes,
            every,
        } => at_module(
            i,
            t!("plan.no_break", minutes, every),
            t!("plan.no_break_help"),
        ),
        Warning::ExercisesLongerThanModule {
            module: i,
            minutes,
            exercises,
        } => at_module(
            i,
            t!("plan.exercises_longer", exercises, minutes),
            t!("plan.exercises_longer_help"),
        ),
    }
}

/// A rough count of the printed lines a handout's Markdown takes on A4 in
/// the handout style (about 80 characters a line).
pub fn printed_lines(markdown: &str) -> f32 {
    let mut lines = 4.0; // the course title, the page title and the footer
    let mut fenced = false;
    for line in markdown.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        let chars = t.chars().count() as f32;
        lines += if fenced {
            1.0
        } else if t.is_empty() {
            0.5
        } else if t.starts_with('#') {
            2.0
        } else if t.starts_with('|') {
            if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
                0.0
            } else {
                (chars / 70.0).ceil().max(1.0) + 0.3
            }
        } else {
            (chars / 80.0).ceil()
        };
    }
    lines
}

impl Training {
    /// The deck of module `i` (trainer edition) with its link to the day plan.
    pub fn deck_view(&self, i: usize) -> Option<DeckView<'_>> {
        let deck = self.decks.get(i)?.as_ref()?;
        Some(DeckView {
            deck,
            dayplan_url: relative(&deck.url, &Route::DayPlan.url()),
        })
    }

    /// The deck of module `i` as seen from `from`, for links (trainer edition).
    pub fn deck_link(&self, i: usize, from: &str) -> Option<String> {
        let deck = self.decks.get(i)?.as_ref()?;
        Some(relative(from, &deck.url))
    }

    /// The day plan, with links to the tools and the answer key.
    pub fn dayplan_view(&self) -> DayPlanView<'_> {
        let from = Route::DayPlan.url();
        DayPlanView {
            days: &self.plan.days,
            minutes: self.plan.minutes,
            room: self.plan.room,
            schedule_days: self.schedule_days,
            tools_url: (!self.handouts.is_empty()).then(|| relative(&from, &tools_url())),
            key_url: relative(&from, &Route::AnswerKey.url()),
        }
    }

    /// The tools page.
    pub fn tools_view(&self) -> ToolsView {
        let from = tools_url();
        ToolsView {
            handouts: self
                .handouts
                .iter()
                .map(|h| Handout {
                    url: relative(&from, &h.url),
                    ..h.clone()
                })
                .collect(),
            dayplan_url: (self.edition == Edition::Trainer)
                .then(|| relative(&from, &Route::DayPlan.url())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_handout_fits_and_a_long_one_does_not() {
        let short = "## Før samtalen\n\n- Læs sagen.\n- Find tre ressourcer.\n\n## Efter\n\nSkriv et notat.\n";
        assert!(printed_lines(short) < HANDOUT_LINES);
        let long = "Et afsnit med en hel del tekst, der fylder en linje eller to på papiret, når det bliver udskrevet.\n\n".repeat(30);
        assert!(
            printed_lines(&long) > HANDOUT_LINES,
            "{}",
            printed_lines(&long)
        );
        let table = "| a | b |\n|---|---|\n".to_string() + &"| x | y |\n".repeat(20);
        assert!((printed_lines(&table) - (4.0 + 1.3 + 20.0 * 1.3)).abs() < 0.01);
    }
}
