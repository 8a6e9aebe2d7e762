//! The trainer's day plan (dagsplan): the modules in course order with
//! running clock times, split into training days that follow
//! `schedule` in `course.yaml`: an opening and a closing block every day,
//! lunch around its time, a short break at least every `break.every`
//! minutes, and never a module split over two days.
//!
//! A module's `duration` is the whole session, its exercises included. An
//! exercise embedded in several modules is planned once, under the first
//! module that embeds it; every later module that embeds it is planned its
//! `duration` shorter.

use std::collections::HashMap;

use serde::Serialize;

use crate::config::{Schedule, parse_clock};

/// An exercise a module embeds.
pub struct ExerciseIn<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Relative to the plan page.
    pub url: String,
    pub minutes: Option<u32>,
}

/// A module to plan, in course order.
pub struct ModuleIn<'a> {
    pub title: &'a str,
    /// Relative to the plan page.
    pub url: String,
    pub part: &'a str,
    pub minutes: Option<u32>,
    /// The module's slides, relative to the plan page (trainer edition).
    pub deck_url: Option<String>,
    /// The exercises it embeds, in order.
    pub exercises: Vec<ExerciseIn<'a>>,
}

/// What a row of the plan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Opening,
    Module,
    Break,
    Lunch,
    Closing,
}

/// An exercise as the plan lists it under a module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedExercise {
    pub title: String,
    pub url: String,
    pub minutes: Option<u32>,
    /// Planned under this earlier module instead.
    pub elsewhere: Option<Elsewhere>,
}

/// The module an exercise is planned under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Elsewhere {
    pub title: String,
    pub url: String,
}

/// One row of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub kind: Kind,
    pub start: String,
    pub end: String,
    pub minutes: u32,
    pub title: String,
    pub url: String,
    pub part: String,
    pub deck_url: Option<String>,
    /// The module gave no `duration`; it is planned with 0 minutes.
    pub unknown_duration: bool,
    pub exercises: Vec<PlannedExercise>,
    /// Index of the module in the input (modules only).
    #[serde(skip)]
    pub module: Option<usize>,
}

/// One training day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    pub number: usize,
    pub start: String,
    pub end: String,
    pub slots: Vec<Slot>,
    /// Minutes of modules (teaching), blocks and breaks excluded.
    pub minutes: u32,
}

/// A problem with the plan, for `fokus check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A day is less than half full.
    DayUnderHalf { day: usize, minutes: u32, room: u32 },
    /// A module is longer than a whole day can hold.
    ModuleTooLong {
        module: usize,
        minutes: u32,
        room: u32,
    },
    /// The course needs more days than `schedule.days`.
    TooManyDays { needed: usize, days: u32 },
    /// A module runs longer than the time allowed between breaks.
    NoBreak {
        module: usize,
        minutes: u32,
        every: u32,
    },
    /// The exercises planned under a module take longer than the module.
    ExercisesLongerThanModule {
        module: usize,
        minutes: u32,
        exercises: u32,
    },
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub days: Vec<Day>,
    /// Teaching minutes over all days.
    pub minutes: u32,
    /// Minutes of teaching a day can hold (the day minus lunch, opening and closing).
    pub room: u32,
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

fn clock(m: u32) -> String {
    format!("{:02}:{:02}", (m / 60) % 24, m % 60)
}

/// The fixed times of a day, in minutes after midnight.
struct Times {
    start: u32,
    end: u32,
    lunch_at: u32,
    lunch: u32,
    every: u32,
    pause: u32,
    opening: Option<(String, u32)>,
    closing: Option<(String, u32)>,
}

impl Times {
    fn new(s: &Schedule) -> Times {
        let d = Schedule::default();
        let t = |v: &str, fallback: &str| parse_clock(v).or(parse_clock(fallback)).unwrap_or(0);
        Times {
            start: t(&s.start, &d.start),
            end: t(&s.end, &d.end).max(t(&s.start, &d.start)),
            lunch_at: t(&s.lunch.at, &d.lunch.at),
            lunch: s.lunch.minutes,
            every: s.breaks.every.max(1),
            pause: s.breaks.minutes,
            opening: s.opening.as_ref().map(|b| (b.title.clone(), b.minutes)),
            closing: s.closing.as_ref().map(|b| (b.title.clone(), b.minutes)),
        }
    }

    fn closing_minutes(&self) -> u32 {
        self.closing.as_ref().map_or(0, |c| c.1)
    }

    /// Teaching minutes an empty day can hold (breaks aside).
    fn room(&self) -> u32 {
        let lunch = if self.start < self.lunch_at && self.lunch_at < self.end {
            self.lunch
        } else {
            0
        };
        (self.end - self.start).saturating_sub(
            lunch + self.opening.as_ref().map_or(0, |o| o.1) + self.closing_minutes(),
        )
    }
}

/// A day being filled.
struct Open {
    day: Day,
    t: u32,
    /// Minutes since the last break (or lunch, or the start of the day).
    since: u32,
    lunched: bool,
    modules: usize,
}

fn block(kind: Kind, start: u32, minutes: u32, title: &str) -> Slot {
    Slot {
        kind,
        start: clock(start),
        end: clock(start + minutes),
        minutes,
        title: title.to_string(),
        url: String::new(),
        part: String::new(),
        deck_url: None,
        unknown_duration: false,
        exercises: Vec::new(),
        module: None,
    }
}

impl Open {
    fn new(number: usize, times: &Times) -> Open {
        let mut open = Open {
            day: Day {
                number,
                start: clock(times.start),
                end: clock(times.start),
                slots: Vec::new(),
                minutes: 0,
            },
            t: times.start,
            since: 0,
            lunched: times.start >= times.lunch_at,
            modules: 0,
        };
        if let Some((title, minutes)) = &times.opening {
            open.day
                .slots
                .push(block(Kind::Opening, open.t, *minutes, title));
            open.t += minutes;
            open.since += minutes;
        }
        open
    }

    /// The breaks (lunch or a short one) needed before `d` minutes of teaching.
    fn before(&self, d: u32, times: &Times) -> Option<Kind> {
        // Lunch at the module boundary nearest its time: before a module that would
        // run more than half past it, but never more than 90 minutes early.
        let near = self.t + 90 >= times.lunch_at && self.t + d / 2 > times.lunch_at;
        if !self.lunched && (self.t >= times.lunch_at || near) {
            Some(Kind::Lunch)
        } else if self.since > 0 && self.since + d > times.every {
            Some(Kind::Break)
        } else {
            None
        }
    }

    fn pause(&mut self, kind: Kind, times: &Times, strings: &Words) {
        let (minutes, title) = match kind {
            Kind::Lunch => {
                self.lunched = true;
                (times.lunch, strings.lunch)
            }
            _ => (times.pause, strings.pause),
        };
        self.day.slots.push(block(kind, self.t, minutes, title));
        self.t += minutes;
        self.since = 0;
    }

    /// When the day would end if `d` minutes of teaching came next and then the closing.
    fn end_with(&self, d: u32, times: &Times) -> u32 {
        let mut t = self.t;
        let mut since = self.since;
        match self.before(d, times) {
            Some(Kind::Lunch) => {
                t += times.lunch;
                since = 0;
            }
            Some(_) => {
                t += times.pause;
                since = 0;
            }
            None => {}
        }
        t += d;
        since += d;
        let closing = times.closing_minutes();
        if closing > 0 {
            if since + closing > times.every {
                t += times.pause;
            }
            t += closing;
        }
        t
    }

    fn close(mut self, times: &Times, strings: &Words) -> Day {
        if let Some((title, minutes)) = &times.closing {
            if self.since > 0 && self.since + minutes > times.every {
                self.pause(Kind::Break, times, strings);
            }
            self.day
                .slots
                .push(block(Kind::Closing, self.t, *minutes, title));
            self.t += minutes;
        }
        self.day.end = clock(self.t);
        self.day
    }
}

/// The words the plan writes itself (from the theme's strings).
pub struct Words<'a> {
    pub lunch: &'a str,
    pub pause: &'a str,
}

/// Lay the modules out over as many days as they need.
pub fn plan(schedule: &Schedule, modules: &[ModuleIn], words: &Words) -> Plan {
    let times = Times::new(schedule);
    let room = times.room();
    let mut warnings = Vec::new();
    let mut days: Vec<Day> = Vec::new();
    let mut open = Open::new(1, &times);
    // Exercise id → the module it is planned under (title, URL).
    let mut planned: HashMap<&str, Elsewhere> = HashMap::new();
    for (mi, m) in modules.iter().enumerate() {
        let mut exercises = Vec::new();
        let (mut own, mut elsewhere_minutes) = (0, 0);
        for e in &m.exercises {
            let elsewhere = planned.get(e.id).cloned();
            match &elsewhere {
                Some(_) => elsewhere_minutes += e.minutes.unwrap_or(0),
                None => {
                    own += e.minutes.unwrap_or(0);
                    planned.insert(
                        e.id,
                        Elsewhere {
                            title: m.title.to_string(),
                            url: m.url.clone(),
                        },
                    );
                }
            }
            exercises.push(PlannedExercise {
                title: e.title.to_string(),
                url: e.url.clone(),
                minutes: e.minutes,
                elsewhere,
            });
        }
        if let Some(minutes) = m.minutes
            && own + elsewhere_minutes > minutes
        {
            warnings.push(Warning::ExercisesLongerThanModule {
                module: mi,
                minutes,
                exercises: own + elsewhere_minutes,
            });
        }
        let d = m.minutes.unwrap_or(0).saturating_sub(elsewhere_minutes);
        if d > times.every {
            warnings.push(Warning::NoBreak {
                module: mi,
                minutes: d,
                every: times.every,
            });
        }
        if open.modules > 0 && open.end_with(d, &times) > times.end {
            let next = open.day.number + 1;
            days.push(std::mem::replace(&mut open, Open::new(next, &times)).close(&times, words));
        }
        if open.end_with(d, &times) > times.end {
            warnings.push(Warning::ModuleTooLong {
                module: mi,
                minutes: d,
                room,
            });
        }
        if let Some(kind) = open.before(d, &times) {
            open.pause(kind, &times, words);
        }
        open.day.slots.push(Slot {
            kind: Kind::Module,
            start: clock(open.t),
            end: clock(open.t + d),
            minutes: d,
            title: m.title.to_string(),
            url: m.url.clone(),
            part: m.part.to_string(),
            deck_url: m.deck_url.clone(),
            unknown_duration: m.minutes.is_none(),
            exercises,
            module: Some(mi),
        });
        open.t += d;
        open.since += d;
        open.day.minutes += d;
        open.modules += 1;
    }
    if open.modules > 0 {
        days.push(open.close(&times, words));
    }
    for day in &days {
        if day.minutes * 2 < room {
            warnings.push(Warning::DayUnderHalf {
                day: day.number,
                minutes: day.minutes,
                room,
            });
        }
    }
    if let Some(allowed) = schedule.days
        && days.len() > allowed as usize
    {
        warnings.push(Warning::TooManyDays {
            needed: days.len(),
            days: allowed,
        });
    }
    Plan {
        minutes: days.iter().map(|d| d.minutes).sum(),
        days,
        room,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Block, Breaks, Lunch};

    const WORDS: Words = Words {
        lunch: "Frokost",
        pause: "Pause",
    };

    fn module(
        title: &'static str,
        minutes: u32,
        exercises: &[(&'static str, u32)],
    ) -> ModuleIn<'static> {
        ModuleIn {
            title,
            url: format!("{title}.html"),
            part: "P",
            minutes: Some(minutes),
            deck_url: None,
            exercises: exercises
                .iter()
                .map(|(id, m)| ExerciseIn {
                    id,
                    title: id,
                    url: format!("{id}.html"),
                    minutes: Some(*m),
                })
                .collect(),
        }
    }

    fn schedule() -> Schedule {
        Schedule {
            days: Some(2),
            start: "09:00".into(),
            end: "15:30".into(),
            lunch: Lunch {
                at: "12:00".into(),
                minutes: 30,
            },
            breaks: Breaks {
                every: 90,
                minutes: 15,
            },
            opening: Some(Block {
                title: "Velkommen".into(),
                minutes: 15,
            }),
            closing: Some(Block {
                title: "Opsamling".into(),
                minutes: 15,
            }),
        }
    }

    fn rows(day: &Day) -> Vec<String> {
        day.slots
            .iter()
            .map(|s| format!("{}-{} {:?} {}", s.start, s.end, s.kind, s.title))
            .collect()
    }

    /// Minutes after midnight of a slot's start and end.
    fn span(s: &Slot) -> (u32, u32) {
        (parse_clock(&s.start).unwrap(), parse_clock(&s.end).unwrap())
    }

    #[test]
    fn a_day_has_opening_breaks_lunch_and_closing_in_order() {
        let mods = [
            module("A", 60, &[]),
            module("B", 45, &[]),
            module("C", 60, &[]),
            module("D", 45, &[]),
            module("E", 60, &[]),
        ];
        let p = plan(&schedule(), &mods, &WORDS);
        assert_eq!(
            rows(&p.days[0]),
            [
                "09:00-09:15 Opening Velkommen",
                "09:15-10:15 Module A",
                "10:15-10:30 Break Pause",
                "10:30-11:15 Module B",
                "11:15-11:30 Break Pause",
                "11:30-12:30 Module C",
                "12:30-13:00 Lunch Frokost",
                "13:00-13:45 Module D",
                "13:45-14:00 Break Pause",
                "14:00-15:00 Module E",
                "15:00-15:15 Closing Opsamling",
            ]
        );
        assert_eq!(p.days[0].minutes, 270);
        assert_eq!(p.room, 390 - 30 - 30);
    }

    #[test]
    fn never_more_than_the_break_interval_without_a_break() {
        let mods: Vec<_> = [40, 35, 50, 20, 45, 60, 30, 25, 55, 45, 40, 30]
            .iter()
            .map(|m| module("M", *m, &[]))
            .collect();
        let p = plan(&schedule(), &mods, &WORDS);
        for day in &p.days {
            let mut since = 0;
            let mut last_end = parse_clock(&day.start).unwrap();
            for s in &day.slots {
                let (a, b) = span(s);
                assert_eq!(a, last_end, "rows follow each other without gaps");
                last_end = b;
                match s.kind {
                    Kind::Break | Kind::Lunch => since = 0,
                    _ => since += s.minutes,
                }
                assert!(
                    since <= 90,
                    "day {}: {since} minutes without a break",
                    day.number
                );
            }
            assert!(
                last_end <= parse_clock("15:30").unwrap(),
                "day {} ends in time",
                day.number
            );
            assert_eq!(day.slots.first().unwrap().kind, Kind::Opening);
            assert_eq!(day.slots.last().unwrap().kind, Kind::Closing);
            assert_eq!(
                day.slots.iter().filter(|s| s.kind == Kind::Lunch).count(),
                1
            );
        }
    }

    #[test]
    fn a_module_is_never_split_and_days_follow_course_order() {
        let mods: Vec<_> = (0..9).map(|_| module("M", 75, &[])).collect();
        let p = plan(&schedule(), &mods, &WORDS);
        let order: Vec<usize> = p
            .days
            .iter()
            .flat_map(|d| d.slots.iter().filter_map(|s| s.module))
            .collect();
        assert_eq!(
            order,
            (0..9).collect::<Vec<_>>(),
            "every module once, in order"
        );
        for day in &p.days {
            for s in day.slots.iter().filter(|s| s.kind == Kind::Module) {
                let (a, b) = span(s);
                assert_eq!(b - a, 75, "module kept whole");
            }
        }
        assert_eq!(p.days.len(), 3);
        assert!(
            p.warnings
                .contains(&Warning::TooManyDays { needed: 3, days: 2 })
        );
    }

    #[test]
    fn an_exercise_in_two_modules_is_planned_once() {
        let mods = [
            module("A", 45, &[("mette", 15)]),
            module("B", 40, &[("mette", 15), ("jens", 10)]),
        ];
        let p = plan(&schedule(), &mods, &WORDS);
        let slots: Vec<&Slot> = p.days[0]
            .slots
            .iter()
            .filter(|s| s.kind == Kind::Module)
            .collect();
        assert_eq!(slots[0].minutes, 45);
        assert_eq!(
            slots[1].minutes, 25,
            "B is planned without Mette's 15 minutes"
        );
        let here: Vec<&str> = p
            .days
            .iter()
            .flat_map(|d| &d.slots)
            .flat_map(|s| &s.exercises)
            .filter(|e| e.elsewhere.is_none())
            .map(|e| e.title.as_str())
            .collect();
        assert_eq!(here, ["mette", "jens"], "no exercise planned twice");
        assert_eq!(slots[1].exercises[0].elsewhere.as_ref().unwrap().title, "A");
        assert_eq!(p.minutes, 70);
    }

    #[test]
    fn a_thin_last_day_is_a_warning() {
        let mut mods: Vec<_> = (0..6).map(|_| module("M", 60, &[])).collect();
        mods.push(module("Kort", 30, &[]));
        let p = plan(&schedule(), &mods, &WORDS);
        let per_day: Vec<u32> = p.days.iter().map(|d| d.minutes).collect();
        assert_eq!(
            per_day,
            [240, 150],
            "{:#?}",
            p.days.iter().map(rows).collect::<Vec<_>>()
        );
        assert_eq!(
            p.warnings,
            [Warning::DayUnderHalf {
                day: 2,
                minutes: 150,
                room: 330
            }]
        );
    }

    #[test]
    fn a_module_longer_than_a_day_gets_a_day_of_its_own_and_a_warning() {
        let mods = [
            module("A", 60, &[]),
            module("B", 400, &[]),
            module("C", 60, &[]),
        ];
        let p = plan(&schedule(), &mods, &WORDS);
        let days: Vec<Vec<usize>> = p
            .days
            .iter()
            .map(|d| d.slots.iter().filter_map(|s| s.module).collect())
            .collect();
        assert_eq!(days, [vec![0], vec![1], vec![2]]);
        let b = p.days[1]
            .slots
            .iter()
            .find(|s| s.module == Some(1))
            .unwrap();
        assert_eq!(b.minutes, 400, "kept whole");
        assert!(
            !p.days[1]
                .slots
                .iter()
                .any(|s| s.kind == Kind::Lunch && span(s).0 < 11 * 60),
            "no lunch at breakfast"
        );
        for w in [
            Warning::ModuleTooLong {
                module: 1,
                minutes: 400,
                room: 330,
            },
            Warning::NoBreak {
                module: 1,
                minutes: 400,
                every: 90,
            },
            Warning::TooManyDays { needed: 3, days: 2 },
        ] {
            assert!(p.warnings.contains(&w), "{w:?} in {:?}", p.warnings);
        }
    }

    #[test]
    fn exercises_longer_than_their_module_are_a_warning() {
        let p = plan(
            &schedule(),
            &[module("A", 30, &[("x", 20), ("y", 20)])],
            &WORDS,
        );
        assert!(p.warnings.contains(&Warning::ExercisesLongerThanModule {
            module: 0,
            minutes: 30,
            exercises: 40
        }));
    }

    #[test]
    fn without_a_schedule_the_old_defaults_hold() {
        let mut m = module("A", 30, &[]);
        m.minutes = None;
        let p = plan(&Schedule::default(), &[module("A", 30, &[]), m], &WORDS);
        assert_eq!(
            rows(&p.days[0]),
            ["09:00-09:30 Module A", "09:30-09:30 Module A"]
        );
        assert!(p.days[0].slots[1].unknown_duration);
    }
}
