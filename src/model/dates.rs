//! Dates as people type them, wherever cairn takes one: ISO days and
//! times ("2026-11-02", "2026-11-02 09:30") and plain English ("yesterday",
//! "last friday", "2 days ago", "in 2 weeks", "next monday"), read against
//! a given `now` so the reading is pure and testable. Read by the `interim`
//! crate (UK dialect: 02/11/2026 is the 2nd of November).

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// What the error for a date that cannot be read says is accepted.
pub const DATE_FORMS: &str = "a day such as 2026-11-02 (or 2026-11-02 09:30), or words such as \
today, yesterday, last friday, 2 days ago, in 2 weeks, next monday";

/// The moment before which a follow-up counts for `due:VALUE`: `today`
/// (or `yes`, `now`, anything else not a day) the end of today, `overdue`
/// the start of today, `week` the end of the seventh day, a day such as
/// 2026-12-20 (or "next friday") the end of that day.
pub fn due_before(value: &str, now: OffsetDateTime) -> OffsetDateTime {
    let end_of = |day: Date| {
        day.next_day()
            .map_or(now, |d| d.midnight().assume_offset(now.offset()))
    };
    match value.trim().to_lowercase().as_str() {
        "overdue" => now.date().midnight().assume_offset(now.offset()),
        "week" => end_of(now.date() + time::Duration::days(6)),
        "" | "today" | "yes" | "now" => end_of(now.date()),
        other => parse_day(other, now).map_or(end_of(now.date()), end_of),
    }
}

/// The moment `text` names, read against `now` (in `now`'s offset).
pub fn parse_when(text: &str, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("no date given: use {DATE_FORMS}"));
    }
    if let Ok(at) = OffsetDateTime::parse(t, &Rfc3339) {
        return Ok(at);
    }
    if let Ok(day) = Date::parse(t, format_description!("[year]-[month]-[day]")) {
        return Ok(day.midnight().assume_offset(now.offset()));
    }
    for form in [
        format_description!("[year]-[month]-[day] [hour]:[minute]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
    ] {
        if let Ok(at) = PrimitiveDateTime::parse(t, form) {
            return Ok(at.assume_offset(now.offset()));
        }
    }
    let lower = t.to_lowercase();
    // "in 2 weeks", "in 3 days": ahead of now by that much.
    if let Some(ahead) = lower.strip_prefix("in ")
        && let Ok(interval) = interim::parse_duration(ahead.trim())
        && let Some(at) = shift(now, interval)
    {
        return Ok(at);
    }
    interim::parse_date_string(&lower, now, interim::Dialect::Uk)
        .map_err(|_| format!("\"{t}\" is not a date cairn can read: use {DATE_FORMS}"))
}

/// `now` moved by an interval (months keep the day where it exists).
fn shift(now: OffsetDateTime, by: interim::Interval) -> Option<OffsetDateTime> {
    match by {
        interim::Interval::Seconds(s) => now.checked_add(time::Duration::seconds(s.into())),
        interim::Interval::Days(d) => now.checked_add(time::Duration::days(d.into())),
        interim::Interval::Months(m) => {
            let months = now.year() * 12 + i32::from(now.month() as u8) - 1 + m;
            let (year, month) = (months.div_euclid(12), months.rem_euclid(12) + 1);
            let month = time::Month::try_from(month as u8).ok()?;
            let day = now.day().min(month.length(year));
            let date = Date::from_calendar_date(year, month, day).ok()?;
            Some(now.replace_date(date))
        }
    }
}

/// An age such as `30d`, `2w`, `6 months` or `1 year` (a month is 30 days,
/// a year 365), for "older than".
pub fn parse_age(text: &str) -> Result<std::time::Duration, String> {
    let t = text.trim().to_lowercase();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let unit = t[digits.len()..].trim();
    let days_per = match unit {
        "d" | "day" | "days" => 1,
        "w" | "week" | "weeks" => 7,
        "m" | "month" | "months" => 30,
        "y" | "year" | "years" => 365,
        _ => 0,
    };
    match digits.parse::<u64>() {
        Ok(n) if days_per > 0 => Ok(std::time::Duration::from_secs(n * days_per * 86_400)),
        _ => Err(format!(
            "\"{text}\" is not an age: write a number and d, w, m or y, such as 30d or 6 months"
        )),
    }
}

/// The day `text` names (see [`parse_when`]).
pub fn parse_day(text: &str, now: OffsetDateTime) -> Result<Date, String> {
    parse_when(text, now).map(|at| at.date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_reads_today_overdue_week_and_days() {
        let now = time::macros::datetime!(2026-12-05 15:00 +01:00);
        let at = |s: &str| due_before(s, now).to_string();
        assert_eq!(at("today"), "2026-12-06 0:00:00.0 +01:00:00");
        assert_eq!(at("nonsense"), at("today"));
        assert_eq!(at("overdue"), "2026-12-05 0:00:00.0 +01:00:00");
        assert_eq!(at("week"), "2026-12-12 0:00:00.0 +01:00:00");
        assert_eq!(at("2026-12-20"), "2026-12-21 0:00:00.0 +01:00:00");
    }
    use time::macros::datetime;

    /// A Wednesday.
    const NOW: OffsetDateTime = datetime!(2026-12-02 15:30 UTC);

    #[test]
    fn iso_and_plain_english_are_read_against_now() {
        let day = |t: &str| parse_day(t, NOW).unwrap().to_string();
        assert_eq!(day("2026-11-02"), "2026-11-02");
        assert_eq!(day("2026-11-02 09:30"), "2026-11-02");
        assert_eq!(day("today"), "2026-12-02");
        assert_eq!(day("yesterday"), "2026-12-01");
        assert_eq!(day("2 days ago"), "2026-11-30");
        assert_eq!(day("last friday"), "2026-11-27");
        assert_eq!(day("in 2 weeks"), "2026-12-16");
        assert_eq!(day("in 3 days"), "2026-12-05");
        assert_eq!(day("in 3 months"), "2027-03-02");
        assert_eq!(day("Tomorrow"), "2026-12-03");
        let at = parse_when("2026-11-02 09:30", NOW).unwrap();
        assert_eq!((at.hour(), at.minute()), (9, 30));
    }

    #[test]
    fn ages_are_a_number_and_a_unit() {
        let days = |t: &str| parse_age(t).unwrap().as_secs() / 86_400;
        assert_eq!(days("30d"), 30);
        assert_eq!(days("2w"), 14);
        assert_eq!(days("6 months"), 180);
        assert_eq!(days(" 1 Year "), 365);
        for bad in ["", "d", "30", "soon", "-3d"] {
            assert!(parse_age(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn what_cannot_be_read_says_what_can() {
        for bad in ["", "someday", "2026-13-40", "the day after the pilot"] {
            let err = parse_when(bad, NOW).unwrap_err();
            assert!(err.contains("2 days ago"), "{bad}: {err}");
        }
    }
}
