//! Routes: where every page and generated file of a site is written.
//!
//! Every output URL comes from a [`Route`], so the folders the site uses for
//! itself are named once, here, and the build, the link index and the
//! server agree on them. URLs are root-relative (`jobfokus/cv.html`); a page
//! links to another with [`relative`], so the site works under any sub-path
//! and from disk.

/// Folder of the exercise pages.
pub const EXERCISES_DIR: &str = "opgaver";
/// Folder of the trainer edition's answer key.
pub const ANSWER_KEY_DIR: &str = "facit";
/// Folder of the trainer edition's day plan.
pub const DAYPLAN_DIR: &str = "dagsplan";
/// Folder of the print-the-whole-course page.
pub const PRINT_DIR: &str = "udskrift";
/// Folder of the learner's progress page.
pub const PROGRESS_DIR: &str = "fremskridt";
/// Folder of the theme's and the course's assets.
pub const ASSETS_DIR: &str = "assets";
/// Folder of the trainer edition's slide decks.
pub const SLIDES_DIR: &str = "slides";
/// Folder of the list of printable tools (handouts).
pub const TOOLS_DIR: &str = "vaerktoejer";
/// The page a server shows for a missing file.
pub const NOT_FOUND_FILE: &str = "404.html";

/// Folders the site uses for its own pages; no part may have these names.
pub const RESERVED_DIRS: &[&str] = &[
    EXERCISES_DIR,
    ASSETS_DIR,
    PRINT_DIR,
    PROGRESS_DIR,
    ANSWER_KEY_DIR,
    DAYPLAN_DIR,
    SLIDES_DIR,
    TOOLS_DIR,
];

/// Names of stand-alone pages that would clash with the site's own files.
pub const RESERVED_PAGES: &[&str] = &["index", "404"];

/// A page or generated file of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route<'a> {
    Home,
    Part {
        part: &'a str,
    },
    Module {
        part: &'a str,
        module: &'a str,
    },
    /// A stand-alone page (the glossary).
    Page {
        slug: &'a str,
    },
    Exercise {
        id: &'a str,
    },
    ExerciseIndex,
    Print,
    /// One part's modules on one page, for printing.
    PrintPart {
        part: &'a str,
    },
    Progress,
    AnswerKey,
    DayPlan,
    /// A module's slide deck (trainer edition).
    Deck {
        part: &'a str,
        module: &'a str,
    },
    /// The list of printable tools (handouts).
    Tools,
    NotFound,
    /// The course's navigation, shared by every page.
    Toc,
    /// The print pages' stylesheets as script text, for paginating in the browser.
    PrintStyles,
    /// The service worker that keeps the course for offline use (at the root, so its scope is the site).
    ServiceWorker,
}

impl Route<'_> {
    /// The root-relative URL.
    pub fn url(&self) -> String {
        let mut url = String::new();
        self.push_url(&mut url);
        url
    }

    /// This route's URL as seen from the page at `from` (root-relative).
    pub fn from(&self, from: &str) -> String {
        let mut url = root_prefix(from);
        self.push_url(&mut url);
        url
    }

    /// Append the root-relative URL to `out`, piece by piece (the navigation
    /// asks for thousands of URLs at every rebuild; `format!` was slower).
    fn push_url(&self, out: &mut String) {
        let pieces: [&str; 6] = match self {
            Route::Home => ["index.html", "", "", "", "", ""],
            Route::Part { part } => [part, "/index.html", "", "", "", ""],
            Route::Module { part, module } => [part, "/", module, ".html", "", ""],
            Route::Page { slug } => [slug, ".html", "", "", "", ""],
            Route::Exercise { id } => [EXERCISES_DIR, "/", id, ".html", "", ""],
            Route::ExerciseIndex => [EXERCISES_DIR, "/index.html", "", "", "", ""],
            Route::Print => [PRINT_DIR, "/index.html", "", "", "", ""],
            Route::PrintPart { part } => [PRINT_DIR, "/", part, "/index.html", "", ""],
            Route::Progress => [PROGRESS_DIR, "/index.html", "", "", "", ""],
            Route::AnswerKey => [ANSWER_KEY_DIR, "/index.html", "", "", "", ""],
            Route::DayPlan => [DAYPLAN_DIR, "/index.html", "", "", "", ""],
            Route::Deck { part, module } => [SLIDES_DIR, "/", part, "/", module, ".html"],
            Route::Tools => [TOOLS_DIR, "/index.html", "", "", "", ""],
            Route::NotFound => [NOT_FOUND_FILE, "", "", "", "", ""],
            Route::Toc => [ASSETS_DIR, "/toc.js", "", "", "", ""],
            Route::PrintStyles => [ASSETS_DIR, "/print-styles.js", "", "", "", ""],
            Route::ServiceWorker => ["sw.js", "", "", "", "", ""],
        };
        out.reserve(pieces.iter().map(|p| p.len()).sum::<usize>());
        for p in pieces {
            out.push_str(p);
        }
    }

    /// The module's route from its id `part/module`.
    pub fn module(id: &str) -> Route<'_> {
        let (part, module) = id.split_once('/').unwrap_or(("", id));
        Route::Module { part, module }
    }
}

/// How many folders deep the page at `page_url` (root-relative) is.
pub fn depth(page_url: &str) -> usize {
    page_url.bytes().filter(|&b| b == b'/').count()
}

/// The prefix that leads from a page back to the site root (`""` or `"../"`).
pub fn root_prefix(page_url: &str) -> String {
    "../".repeat(depth(page_url))
}

/// `to` (root-relative) as seen from the page at `from` (root-relative).
pub fn relative(from: &str, to: &str) -> String {
    // Always up to the root and down again: a link written for one page then works
    // unchanged on every page at the same depth (the print page reuses module bodies).
    let mut url = root_prefix(from);
    url.push_str(to);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        assert_eq!(relative("index.html", "roller/a.html"), "roller/a.html");
        assert_eq!(
            relative("roller/a.html", "jobfokus/b.html"),
            "../jobfokus/b.html"
        );
        assert_eq!(root_prefix("opgaver/x.html"), "../");
    }

    #[test]
    fn every_reserved_folder_is_a_route_folder() {
        for r in [
            Route::Exercise { id: "x" },
            Route::Print,
            Route::PrintPart { part: "p" },
            Route::Progress,
            Route::AnswerKey,
            Route::DayPlan,
            Route::Toc,
            Route::PrintStyles,
        ] {
            let dir = r.url().split('/').next().unwrap_or("").to_string();
            assert!(RESERVED_DIRS.contains(&dir.as_str()), "{dir}");
        }
        assert_eq!(Route::module("a/b").url(), "a/b.html");
    }
}
