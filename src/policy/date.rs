//! Dates for the `Date*` operators: ISO 8601 (`2024-01-31`, `2024-01-31T12:00:00Z`,
//! `2024-01-31T12:00:00.5+02:00`) or epoch seconds, as seconds since the epoch.

/// Seconds since 1970-01-01T00:00:00Z, or `None` if `s` is not a date.
pub(crate) fn parse(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.contains('-') && s.len() >= 10 && s.as_bytes().get(4) == Some(&b'-') {
        iso8601(s)
    } else {
        let v: f64 = s.parse().ok()?;
        v.is_finite().then_some(v)
    }
}

fn digits(s: &str, n: usize) -> Option<(i64, &str)> {
    let head = s.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &s[n..]))
}

fn iso8601(s: &str) -> Option<f64> {
    let (year, rest) = digits(s, 4)?;
    let (month, rest) = digits(rest.strip_prefix('-')?, 2)?;
    let (day, rest) = digits(rest.strip_prefix('-')?, 2)?;
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) as f64 * 86_400.0;
    let Some(rest) = rest
        .strip_prefix('T')
        .or_else(|| rest.strip_prefix('t'))
        .or_else(|| rest.strip_prefix(' '))
    else {
        return rest.is_empty().then_some(seconds);
    };
    let (hour, rest) = digits(rest, 2)?;
    let (minute, mut rest) = digits(rest.strip_prefix(':')?, 2)?;
    let mut second = 0.0;
    if let Some(r) = rest.strip_prefix(':') {
        let (whole, r) = digits(r, 2)?;
        rest = r;
        second = whole as f64;
        if let Some(r) = rest.strip_prefix('.') {
            let len = r.bytes().take_while(u8::is_ascii_digit).count();
            if len == 0 {
                return None;
            }
            second += format!("0.{}", &r[..len]).parse::<f64>().ok()?;
            rest = &r[len..];
        }
    }
    if hour > 23 || minute > 59 || second >= 61.0 {
        return None;
    }
    seconds += (hour * 3600 + minute * 60) as f64 + second;
    let offset = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, r) = digits(&rest[1..], 2)?;
            let (om, r) = digits(r.strip_prefix(':').unwrap_or(r), 2)?;
            if !r.is_empty() || oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(seconds - offset as f64)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn iso_forms() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse("1970-01-02"), Some(86_400.0));
        assert_eq!(parse("2024-01-01T00:00:00Z"), Some(1_704_067_200.0));
        assert_eq!(parse("2024-01-01T00:00Z"), Some(1_704_067_200.0));
        assert_eq!(parse("2024-01-01T02:00:00+02:00"), Some(1_704_067_200.0));
        assert_eq!(parse("2023-12-31T22:00:00-0200"), Some(1_704_067_200.0));
        assert_eq!(parse("2024-02-29T00:00:00.5Z"), Some(1_709_164_800.5));
        assert_eq!(parse("1969-12-31T23:59:59Z"), Some(-1.0));
    }

    #[test]
    fn epoch_seconds() {
        assert_eq!(parse("1704067200"), Some(1_704_067_200.0));
        assert_eq!(parse("0"), Some(0.0));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "yesterday",
            "2023-02-29",
            "2024-13-01",
            "2024-01-01T25:00:00Z",
            "2024-01-01T00:00:00+",
            "2024-01-01Tx",
            "2024-01-01T00:00:00.Z",
            "inf",
            "NaN",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
