//! Typed views: exactly what each page kind's template receives.
//!
//! Every template gets `site`, `t` and `strings_json` (set once per build),
//! `root` (the way back to the site root), `page` ([`PageInfo`]) and `body`
//! (the page's Markdown, finished, or nothing), plus the fields of its
//! kind's view below, at the top level of the context.

use serde::Serialize;

use crate::content::Objective;
use crate::markdown::Heading;

/// `page` in every template.
#[derive(Debug, Serialize)]
pub struct PageInfo<'a> {
    pub url: String,
    pub title: &'a str,
    /// The template's name without `.html`: `module`, `index`, …
    pub kind: &'static str,
}

/// A link: title and URL relative to the page.
#[derive(Debug, Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: String,
}

/// A step along the course read as one path (previous and next), part
/// introductions included.
#[derive(Debug, Serialize)]
pub struct Step<'a> {
    pub title: &'a str,
    pub url: String,
    /// The step is a part's introduction, not a module.
    pub part: bool,
}

/// A module's place in the course: "modul 3 af 5" in part 2 of 6.
#[derive(Debug, Serialize)]
pub struct Position {
    pub n: usize,
    pub of: usize,
    pub part: usize,
    pub parts: usize,
}

/// A short link for the navigation script and tool lists: `{t, u}`.
#[derive(Debug, Serialize)]
pub struct ShortLink<'a> {
    pub t: &'a str,
    pub u: String,
}

/// A module in a part's list.
#[derive(Debug, Serialize)]
pub struct ModuleItem<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub duration: Option<u32>,
    pub url: String,
}

/// A part with its modules (home page, part page).
#[derive(Debug, Serialize)]
pub struct PartSummary<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub url: String,
    /// The part's print page.
    pub print_url: String,
    pub modules: Vec<ModuleItem<'a>>,
    /// Minutes of all its modules.
    pub duration: u32,
}

/// A stand-alone page in the home page's list.
#[derive(Debug, Serialize)]
pub struct PageItem<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub url: String,
}

/// `index.html`.
#[derive(Debug, Serialize)]
pub struct HomeView<'a> {
    pub parts: Vec<PartSummary<'a>>,
    pub pages: Vec<PageItem<'a>>,
    pub exercise_count: usize,
    pub exercises_url: String,
    /// Print, progress and (trainer edition) answer key and day plan.
    pub tools: Vec<ShortLink<'a>>,
}

/// `part.html`.
#[derive(Debug, Serialize)]
pub struct PartView<'a> {
    pub part: PartSummary<'a>,
    pub prev: Option<Step<'a>>,
    pub next: Option<Step<'a>>,
}

/// The module itself on `module.html`.
#[derive(Debug, Serialize)]
pub struct ModuleInfo<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub duration: Option<u32>,
    pub objectives: &'a [Objective],
    pub tags: &'a [String],
    /// Headings of levels 2 and 3, for "on this page".
    pub toc: Vec<&'a Heading>,
}

/// `module.html`.
#[derive(Debug, Serialize)]
pub struct ModuleView<'a> {
    pub module: ModuleInfo<'a>,
    pub part: Option<Link<'a>>,
    pub prev: Option<Step<'a>>,
    pub next: Option<Step<'a>>,
    pub position: Option<Position>,
    /// The module's slide deck (trainer edition).
    pub deck_url: Option<String>,
}

/// `page.html`: a stand-alone page.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub summary: Option<&'a str>,
    /// Its level-2 headings.
    pub toc: Vec<&'a Heading>,
}

/// The exercise on `exercise.html`.
#[derive(Debug, Serialize)]
pub struct ExerciseInfo<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The finished quiz HTML.
    pub body: &'a str,
    /// The modules it trains.
    pub modules: Vec<Link<'a>>,
    pub questions: usize,
}

/// `exercise.html`.
#[derive(Debug, Serialize)]
pub struct ExerciseView<'a> {
    pub exercise: ExerciseInfo<'a>,
    pub exercises_url: String,
}

/// An exercise in the overview.
#[derive(Debug, Serialize)]
pub struct ExerciseItem<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    pub questions: usize,
    pub modules: Vec<Link<'a>>,
}

/// `exercises.html`: every exercise.
#[derive(Debug, Serialize)]
pub struct ExercisesView<'a> {
    pub exercises: Vec<ExerciseItem<'a>>,
}

/// An exercise on the answer key page.
#[derive(Debug, Serialize)]
pub struct KeyItem<'a> {
    #[serde(flatten)]
    pub exercise: ExerciseItem<'a>,
    /// The finished answer-key HTML.
    pub key: Option<&'a str>,
}

/// `answer_key.html` (trainer edition).
#[derive(Debug, Serialize)]
pub struct AnswerKeyView<'a> {
    pub exercises: Vec<KeyItem<'a>>,
}

/// `progress.html`.
#[derive(Debug, Serialize)]
pub struct ProgressView {
    /// Script-safe JSON: exercise id → `[title, url]`.
    pub exercises_json: String,
    /// The course certificate and the answer file (`certificate.js`, `transfer.js`).
    pub certificate: super::certificate::CertificateView,
    /// The before/after self-assessments (`selfassessment:`), each a table of statements.
    pub selfassessment: Vec<crate::exercises::selfassessment::SelfAssessment>,
}

/// A module on the print page.
#[derive(Debug, Serialize)]
pub struct PrintModule<'a> {
    pub anchor: String,
    /// Its number on paper, "part.module" (`2.3`), in the contents and its heading.
    pub number: String,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub duration: Option<u32>,
    pub objectives: &'a [Objective],
    /// The finished body, its ids prefixed with the anchor: a string marked
    /// safe, so that the template prints it without a copy by the `safe`
    /// filter (and the view passes it to Tera without one either).
    pub body: tera::Value,
    /// Fingerprint of `body` (0 in a build without a memo), for the page's key.
    #[serde(skip)]
    pub body_hash: u64,
}

/// A part on a print page.
#[derive(Debug, Serialize)]
pub struct PrintPart<'a> {
    pub title: &'a str,
    /// Its number in the course (1-based).
    pub number: usize,
    /// The running head of its printed pages, as a quoted CSS string.
    pub running: String,
    /// The part's own print page, relative to this one.
    pub url: String,
    /// Its modules, or none where the page only links to the part's print page.
    pub modules: Vec<PrintModule<'a>>,
    /// How many modules the part has.
    pub count: usize,
}

/// `print.html`: the whole course, or one part, on one page.
#[derive(Debug, Serialize)]
pub struct PrintView<'a> {
    pub parts: Vec<PrintPart<'a>>,
    /// The whole course is too large for one page: it lists the parts' print pages instead.
    pub linked: bool,
    /// This page prints one part.
    pub part_page: bool,
    /// The word before a printed page's number ("Side"), as a quoted CSS string.
    pub page_label: String,
}

/// What a print page is made from, with each body by its fingerprint: its memo key.
pub type PrintKey<'v> = (
    Vec<(&'v str, &'v str, usize, Vec<PrintModuleKey<'v>>)>,
    bool,
    bool,
);
pub type PrintModuleKey<'v> = (
    &'v str,
    &'v str,
    Option<&'v str>,
    Option<u32>,
    &'v [Objective],
    u64,
);

impl PrintView<'_> {
    /// Everything the page shows, bodies by fingerprint (see [`PrintKey`]).
    pub fn key(&self) -> PrintKey<'_> {
        let parts = self
            .parts
            .iter()
            .map(|p| {
                let modules = p
                    .modules
                    .iter()
                    .map(|m| {
                        (
                            m.anchor.as_str(),
                            m.title,
                            m.summary,
                            m.duration,
                            m.objectives,
                            m.body_hash,
                        )
                    })
                    .collect();
                (p.title, p.url.as_str(), p.count, modules)
            })
            .collect();
        (parts, self.linked, self.part_page)
    }
}

/// A module's slide deck (trainer edition).
#[derive(Debug, Clone, Serialize)]
pub struct Deck {
    /// Root-relative URL of the deck.
    pub url: String,
    pub module: DeckModule,
    /// The part's title.
    pub part: String,
    pub slides: Vec<Slide>,
}

/// The module a deck belongs to; `url` is relative to the deck.
#[derive(Debug, Clone, Serialize)]
pub struct DeckModule {
    pub id: String,
    pub title: String,
    pub duration: Option<u32>,
    pub url: String,
}

/// One slide, by kind (`slide.kind` in the template). HTML fields are finished.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Slide {
    /// Title, duration and objectives.
    Title {
        title: String,
        part: String,
        summary: Option<String>,
        duration: Option<u32>,
        objectives: Vec<String>,
    },
    /// An author's slide from a `dias` block.
    Content { html: String, notes: String },
    /// An embedded exercise: the case, then each question and its answer.
    Exercise {
        id: String,
        title: String,
        scenario: Option<String>,
        duration: Option<u32>,
        questions: Vec<SlideQuestion>,
        notes: String,
        url: String,
    },
    /// The module's reflection questions (or its objectives).
    Closing {
        title: String,
        reflections: Vec<String>,
        objectives: Vec<String>,
    },
}

/// A question on an exercise slide.
#[derive(Debug, Clone, Serialize)]
pub struct SlideQuestion {
    pub prompt: String,
    pub answer: Option<SlideAnswer>,
    pub reflection: bool,
    /// A self-assessment statement (`scale`): no answer, not scored.
    pub scale: bool,
}

/// A question's answer, revealed on a key press.
#[derive(Debug, Clone, Serialize)]
pub struct SlideAnswer {
    pub label: String,
    pub ordered: bool,
    pub items: Vec<String>,
}

/// `slides.html`.
#[derive(Debug, Serialize)]
pub struct DeckView<'a> {
    pub deck: &'a Deck,
    pub dayplan_url: String,
}

/// A handout on the tools page; `url` root-relative until shown.
#[derive(Debug, Clone, Serialize)]
pub struct Handout {
    pub title: String,
    pub summary: Option<String>,
    pub url: String,
}

/// `tools.html`: the printable handouts.
#[derive(Debug, Serialize)]
pub struct ToolsView {
    pub handouts: Vec<Handout>,
    /// The day plan (trainer edition).
    pub dayplan_url: Option<String>,
}

/// `dayplan.html` (trainer edition).
#[derive(Debug, Serialize)]
pub struct DayPlanView<'a> {
    pub days: &'a [super::schedule::Day],
    /// Teaching minutes over all days.
    pub minutes: u32,
    /// Minutes of teaching a day can hold.
    pub room: u32,
    /// `schedule.days` from course.yaml.
    pub schedule_days: Option<u32>,
    pub tools_url: Option<String>,
    pub key_url: String,
}

/// `404.html`.
#[derive(Debug, Serialize)]
pub struct NotFoundView {}

/// The view of one page, by kind.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum View<'a> {
    Home(HomeView<'a>),
    Part(PartView<'a>),
    Module(ModuleView<'a>),
    Page(PageView<'a>),
    Exercise(ExerciseView<'a>),
    Exercises(ExercisesView<'a>),
    AnswerKey(AnswerKeyView<'a>),
    Progress(ProgressView),
    Print(PrintView<'a>),
    Deck(DeckView<'a>),
    Tools(ToolsView),
    DayPlan(DayPlanView<'a>),
    /// A stand-alone page printed as a one-page handout (`kind: handout`).
    Handout(PageView<'a>),
    NotFound(NotFoundView),
}

impl View<'_> {
    /// The template that renders this kind of page.
    pub fn template(&self) -> &'static str {
        match self {
            View::Home(_) => "index.html",
            View::Part(_) => "part.html",
            View::Module(_) => "module.html",
            View::Page(_) => "page.html",
            View::Exercise(_) => "exercise.html",
            View::Exercises(_) => "exercises.html",
            View::AnswerKey(_) => "answer_key.html",
            View::Progress(_) => "progress.html",
            View::Print(_) => "print.html",
            View::Deck(_) => "slides.html",
            View::Tools(_) => "tools.html",
            View::DayPlan(_) => "dayplan.html",
            View::Handout(_) => "handout.html",
            View::NotFound(_) => "404.html",
        }
    }
}
