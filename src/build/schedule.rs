//! The trainer's day plan (dagsplan): the modules in course order with
//! running clock times, from their `duration`, split into training days.

use serde::Serialize;

/// When a training day starts, breaks for lunch and ends (minutes after midnight).
const DAY_START: u32 = 9 * 60;
const LUNCH_FROM: u32 = 12 * 60;
const LUNCH_MINUTES: u32 = 30;
const DAY_END: u32 = 15 * 60 + 30;

/// One row of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub start: String,
    pub end: String,
    pub minutes: u32,
    /// Empty for the lunch break.
    pub title: String,
    pub url: String,
    pub part: String,
    /// The module gave no `duration`; it is planned with 0 minutes.
    pub unknown_duration: bool,
    pub lunch: bool,
}

/// One training day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    pub number: usize,
    pub slots: Vec<Slot>,
    /// Teaching minutes, breaks excluded.
    pub minutes: u32,
}

/// A module to plan: title, URL (relative to the plan page), part title, duration.
pub struct Item<'a> {
    pub title: &'a str,
    pub url: String,
    pub part: &'a str,
    pub minutes: Option<u32>,
}

fn clock(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Lay the modules out over as many days as they need.
pub fn plan(items: &[Item]) -> Vec<Day> {
    let mut days: Vec<Day> = Vec::new();
    let mut day = Day {
        number: 1,
        slots: Vec::new(),
        minutes: 0,
    };
    let mut t = DAY_START;
    let mut lunched = false;
    for item in items {
        let d = item.minutes.unwrap_or(0);
        if !lunched && t >= LUNCH_FROM {
            day.slots.push(Slot {
                start: clock(t),
                end: clock(t + LUNCH_MINUTES),
                minutes: LUNCH_MINUTES,
                title: String::new(),
                url: String::new(),
                part: String::new(),
                unknown_duration: false,
                lunch: true,
            });
            t += LUNCH_MINUTES;
            lunched = true;
        }
        if t + d > DAY_END && day.minutes > 0 {
            let number = day.number + 1;
            days.push(std::mem::replace(
                &mut day,
                Day {
                    number,
                    slots: Vec::new(),
                    minutes: 0,
                },
            ));
            t = DAY_START;
            lunched = false;
        }
        day.slots.push(Slot {
            start: clock(t),
            end: clock(t + d),
            minutes: d,
            title: item.title.to_string(),
            url: item.url.clone(),
            part: item.part.to_string(),
            unknown_duration: item.minutes.is_none(),
            lunch: false,
        });
        day.minutes += d;
        t += d;
    }
    if !day.slots.is_empty() {
        days.push(day);
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(minutes: u32) -> Item<'static> {
        Item {
            title: "M",
            url: "m.html".into(),
            part: "P",
            minutes: Some(minutes),
        }
    }

    #[test]
    fn running_times_lunch_and_new_days() {
        let days = plan(&[item(90), item(90), item(60), item(60), item(120)]);
        let times: Vec<Vec<(String, bool)>> = days
            .iter()
            .map(|d| {
                d.slots
                    .iter()
                    .map(|s| (format!("{}-{}", s.start, s.end), s.lunch))
                    .collect()
            })
            .collect();
        assert_eq!(
            times,
            vec![
                vec![
                    ("09:00-10:30".into(), false),
                    ("10:30-12:00".into(), false),
                    ("12:00-12:30".into(), true),
                    ("12:30-13:30".into(), false),
                    ("13:30-14:30".into(), false),
                ],
                vec![("09:00-11:00".into(), false)],
            ]
        );
        assert_eq!(days[0].minutes, 300);
    }
}
