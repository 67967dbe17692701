//! Limits that keep a very large entry from slowing the interface, without
//! refusing or changing the person's file: search and precedents read the
//! first part of a body, the detail pane shows the first part.

/// How much of a body is indexed and used to find precedent (256 KiB).
pub const SEARCHED_BODY: usize = 256 * 1024;

/// How much of a body the interface's detail pane shows (64 KiB).
pub const SHOWN_BODY: usize = 64 * 1024;

/// The first at most `max` bytes of `text`, cut at a character boundary
/// (and at a line end when there is one in the last quarter).
pub fn head(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    match cut.rfind('\n') {
        Some(nl) if nl >= max / 4 * 3 => &cut[..=nl],
        _ => cut,
    }
}

/// A size in bytes as a person reads it: "812 bytes", "256 KiB", "58.9 MiB".
pub fn size_words(bytes: usize) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KIB {
        format!("{bytes} bytes")
    } else if b < KIB * KIB {
        format!("{:.0} KiB", b / KIB)
    } else {
        format!("{:.1} MiB", b / KIB / KIB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_cut_at_character_boundaries_and_line_ends() {
        assert_eq!(head("short", 10), "short");
        assert_eq!(head("ééé", 3), "é");
        assert_eq!(head("abcdefgh\nij", 10), "abcdefgh\n");
        assert_eq!(head("a\nbcdefghij", 10), "a\nbcdefghi");
        assert_eq!(size_words(300), "300 bytes");
        assert_eq!(size_words(256 * 1024), "256 KiB");
        assert_eq!(size_words(59 * 1024 * 1024), "59.0 MiB");
    }
}
