//! Markdown made into styled lines wrapped to a width, for entry bodies,
//! peer lessons and previews.
//!
//! Parsed by pulldown-cmark; drawn from what it is given (the source, a
//! width, styles and the byte ranges of private text), never from the app.
//! Headings, emphasis, lists (nested, bullets and numbers), block quotes,
//! code, links ("text (address)") and rules are shown; soft breaks become
//! spaces and hard breaks new lines. Raw HTML is shown as text, and every
//! piece of text goes through [`crate::model::safe`], so no escape or
//! control character reaches the terminal.
//!
//! Private text is found by its offsets in the source (pulldown-cmark's
//! offset iterator), so a span inside emphasis, a link or a list item is
//! dimmed wherever it lands. Where the parser's text differs from the
//! source (entities, backslash escapes), the whole piece is dimmed when it
//! touches a private span: dimming too much is the safe side.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How each kind of Markdown text looks. The TUI fills it from its theme;
/// styles are patched onto each other (a link inside strong text is both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkdownStyles {
    pub text: Style,
    pub heading: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub strikethrough: Style,
    /// Code spans and code blocks.
    pub code: Style,
    /// A link's text.
    pub link: Style,
    /// A link's address, shown after its text.
    pub url: Style,
    /// The bar before quoted lines.
    pub quote: Style,
    /// List bullets and numbers.
    pub marker: Style,
    pub rule: Style,
    /// Private text (between `%%` markers), patched over everything else.
    pub private: Style,
}

impl Default for MarkdownStyles {
    fn default() -> Self {
        MarkdownStyles {
            text: Style::new(),
            heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: Style::new().add_modifier(Modifier::BOLD),
            strikethrough: Style::new().add_modifier(Modifier::CROSSED_OUT),
            code: Style::new().fg(Color::Yellow),
            link: Style::new().add_modifier(Modifier::UNDERLINED),
            url: Style::new().fg(Color::DarkGray),
            quote: Style::new().fg(Color::DarkGray),
            marker: Style::new().fg(Color::DarkGray),
            rule: Style::new().fg(Color::DarkGray),
            private: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
        }
    }
}

impl MarkdownStyles {
    /// Modifiers only, for `NO_COLOR` and monochrome terminals.
    pub fn monochrome() -> Self {
        MarkdownStyles {
            heading: Style::new().add_modifier(Modifier::BOLD),
            code: Style::new(),
            url: Style::new(),
            quote: Style::new(),
            marker: Style::new(),
            rule: Style::new(),
            private: Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC),
            ..MarkdownStyles::default()
        }
    }
}

/// `source` as lines of at most `width` columns (at least one), with the
/// private spans found by [`crate::model::private_spans`] dimmed.
pub fn render(source: &str, width: u16, styles: &MarkdownStyles) -> Text<'static> {
    let private = crate::model::private_spans(source);
    render_with_private(source, width, styles, &private.spans)
}

/// `source` as lines of at most `width` columns (at least one); text from
/// the byte ranges in `private` (in order, as [`crate::model::Private`]
/// gives them) gets [`MarkdownStyles::private`].
pub fn render_with_private(
    source: &str,
    width: u16,
    styles: &MarkdownStyles,
    private: &[Range<usize>],
) -> Text<'static> {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut r = Renderer::new(source, usize::from(width.max(1)), styles, private);
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        r.event(event, range);
    }
    r.finish()
}

/// Inline content waiting to be wrapped into lines.
#[derive(Debug, Clone)]
enum Piece {
    Text(String, Style),
    Break,
}

/// Something that puts a prefix before each of its lines.
#[derive(Debug, Clone)]
enum Container {
    Quote,
    /// A list item: its marker goes before the first line, as many spaces
    /// before the others.
    Item {
        marker: String,
        pending: bool,
    },
}

/// A list being drawn: the next number, or none for bullets.
#[derive(Debug, Clone, Copy)]
struct List {
    next: Option<u64>,
}

struct Renderer<'a> {
    source: &'a str,
    width: usize,
    styles: &'a MarkdownStyles,
    private: &'a [Range<usize>],
    lines: Vec<Line<'static>>,
    pieces: Vec<Piece>,
    styles_stack: Vec<Style>,
    containers: Vec<Container>,
    lists: Vec<List>,
    /// Addresses of the links being drawn, with where their text starts.
    links: Vec<(String, usize)>,
    /// Inside a code block or an HTML block: lines kept as written.
    verbatim: bool,
    /// A block ended: the next one starts after a blank line.
    blank: bool,
}

impl<'a> Renderer<'a> {
    fn new(
        source: &'a str,
        width: usize,
        styles: &'a MarkdownStyles,
        private: &'a [Range<usize>],
    ) -> Self {
        Renderer {
            source,
            width,
            styles,
            private,
            lines: Vec::new(),
            pieces: Vec::new(),
            styles_stack: vec![styles.text],
            containers: Vec::new(),
            lists: Vec::new(),
            links: Vec::new(),
            verbatim: false,
            blank: false,
        }
    }

    fn style(&self) -> Style {
        self.styles_stack
            .last()
            .copied()
            .unwrap_or(self.styles.text)
    }

    fn push_style(&mut self, style: Style) {
        let patched = self.style().patch(style);
        self.styles_stack.push(patched);
    }

    fn pop_style(&mut self) {
        if self.styles_stack.len() > 1 {
            self.styles_stack.pop();
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if self.verbatim {
                    self.verbatim_text(&text, range);
                } else {
                    self.text(&text, range, self.style());
                }
            }
            Event::Code(code) => {
                let style = self.style().patch(self.styles.code);
                self.text(&code, range, style);
            }
            Event::Html(html) => self.verbatim_text(&html, range),
            Event::InlineHtml(html) | Event::InlineMath(html) | Event::DisplayMath(html) => {
                self.text(&html, range, self.style());
            }
            Event::FootnoteReference(label) => {
                let shown = format!("[^{label}]");
                self.text(&shown, range, self.style());
            }
            Event::SoftBreak => self.pieces.push(Piece::Text(" ".into(), self.style())),
            Event::HardBreak => self.pieces.push(Piece::Break),
            Event::Rule => {
                self.start_block();
                let width = self.width.saturating_sub(self.prefix_width()).max(1);
                let rule = vec![Span::styled("─".repeat(width), self.styles.rule)];
                self.emit(rule);
                self.blank = true;
            }
            Event::TaskListMarker(done) => {
                let mark = if done { "[x] " } else { "[ ] " };
                self.pieces
                    .push(Piece::Text(mark.into(), self.styles.marker));
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.start_block(),
            Tag::Heading { .. } => {
                self.start_block();
                self.push_style(self.styles.heading);
            }
            Tag::BlockQuote(_) => {
                self.start_block();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(_) => {
                // A fenced block's language name is not content: not shown.
                self.start_block();
                self.verbatim = true;
                self.push_style(self.styles.code);
            }
            Tag::HtmlBlock => {
                self.start_block();
                self.verbatim = true;
            }
            Tag::List(first) => {
                self.flush();
                if self.lists.is_empty() {
                    self.start_block();
                }
                self.lists.push(List { next: first });
            }
            Tag::Item => self.start_item(),
            Tag::Emphasis => self.push_style(self.styles.emphasis),
            Tag::Strong => self.push_style(self.styles.strong),
            Tag::Strikethrough => self.push_style(self.styles.strikethrough),
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                self.push_style(self.styles.link);
                self.links.push((dest_url.to_string(), self.pieces.len()));
            }
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => self.start_block(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::BlockQuote(_) => {
                self.flush();
                if matches!(tag, TagEnd::BlockQuote(_)) {
                    self.containers.pop();
                }
                self.blank = true;
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.pop_style();
                self.blank = true;
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                self.flush_verbatim();
                self.verbatim = false;
                if tag == TagEnd::CodeBlock {
                    self.pop_style();
                }
                self.blank = true;
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blank = true;
                }
            }
            TagEnd::Item => {
                self.flush();
                if let Some(Container::Item { pending: true, .. }) = self.containers.last() {
                    // An empty item still shows its marker.
                    self.emit(Vec::new());
                }
                self.containers.pop();
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => self.pop_style(),
            TagEnd::Link | TagEnd::Image => self.end_link(),
            _ => self.flush(),
        }
    }

    fn start_item(&mut self) {
        self.flush();
        if self.blank && !self.lines.is_empty() {
            self.emit_blank();
        }
        self.blank = false;
        let depth = self.lists.len().saturating_sub(1);
        let marker = match self.lists.last_mut() {
            Some(List { next: Some(n) }) => {
                let marker = format!("{n}. ");
                *n += 1;
                marker
            }
            _ if depth.is_multiple_of(2) => "• ".to_string(),
            _ => "◦ ".to_string(),
        };
        self.containers.push(Container::Item {
            marker,
            pending: true,
        });
    }

    /// The link's address after its text, unless the text is the address.
    fn end_link(&mut self) {
        self.pop_style();
        let Some((url, from)) = self.links.pop() else {
            return;
        };
        let shown: String = self.pieces[from.min(self.pieces.len())..]
            .iter()
            .map(|p| match p {
                Piece::Text(t, _) => t.as_str(),
                Piece::Break => " ",
            })
            .collect();
        let bare = url.strip_prefix("mailto:").unwrap_or(&url);
        if url.is_empty() || shown.trim() == url || shown.trim() == bare {
            return;
        }
        let style = self.style().patch(self.styles.url);
        let url = crate::model::safe(&url).into_owned();
        self.pieces.push(Piece::Text(format!(" ({url})"), style));
    }

    /// A block starts: what came before is drawn, then a blank line if a
    /// block ended just before.
    fn start_block(&mut self) {
        self.flush();
        if self.blank && !self.lines.is_empty() {
            self.emit_blank();
        }
        self.blank = false;
    }

    /// Inline text from `range` of the source, split where private spans
    /// start and end.
    fn text(&mut self, text: &str, range: Range<usize>, style: Style) {
        for (part, private) in self.split_private(text, range) {
            let style = if private {
                style.patch(self.styles.private)
            } else {
                style
            };
            let clean = crate::model::safe(part).replace(['\t', '\n'], " ");
            if !clean.is_empty() {
                self.pieces.push(Piece::Text(clean, style));
            }
        }
    }

    /// Text of a code or HTML block: its line breaks are kept.
    fn verbatim_text(&mut self, text: &str, range: Range<usize>) {
        let style = self.style();
        for (part, private) in self.split_private(text, range) {
            let style = if private {
                style.patch(self.styles.private)
            } else {
                style
            };
            let clean = crate::model::safe(part).replace('\t', "    ");
            for (i, line) in clean.split('\n').enumerate() {
                if i > 0 {
                    self.pieces.push(Piece::Break);
                }
                if !line.is_empty() {
                    self.pieces.push(Piece::Text(line.to_string(), style));
                }
            }
        }
    }

    /// `text` in parts, each with whether it is private. When `text` is
    /// the source at `range` byte for byte, the parts follow the spans
    /// exactly; otherwise all of it is private if any of it is.
    fn split_private<'t>(&self, text: &'t str, range: Range<usize>) -> Vec<(&'t str, bool)> {
        let touching: Vec<&Range<usize>> = self
            .private
            .iter()
            .filter(|p| p.start < range.end && range.start < p.end)
            .collect();
        if touching.is_empty() {
            return vec![(text, false)];
        }
        if self.source.get(range.clone()) != Some(text) {
            return vec![(text, true)];
        }
        let mut out = Vec::new();
        let mut at = 0;
        for p in touching {
            let start = p.start.saturating_sub(range.start).max(at);
            let end = (p.end - range.start).min(text.len());
            if !(text.is_char_boundary(start) && text.is_char_boundary(end)) {
                // Spans come on char boundaries; if not, dim it all.
                return vec![(text, true)];
            }
            if start > at {
                out.push((&text[at..start], false));
            }
            if end > start {
                out.push((&text[start..end], true));
            }
            at = at.max(end);
        }
        if at < text.len() {
            out.push((&text[at..], false));
        }
        out
    }

    fn prefix_width(&self) -> usize {
        self.containers
            .iter()
            .map(|c| match c {
                Container::Quote => 2,
                Container::Item { marker, .. } => marker.width(),
            })
            .sum()
    }

    /// The spans before a line; a list marker is used once.
    fn prefix(&mut self, blank: bool) -> Vec<Span<'static>> {
        let mut out = Vec::new();
        for c in &mut self.containers {
            match c {
                Container::Quote => out.push(Span::styled("│ ", self.styles.quote)),
                Container::Item { marker, pending } if *pending && !blank => {
                    out.push(Span::styled(marker.clone(), self.styles.marker));
                    *pending = false;
                }
                Container::Item { marker, .. } => out.push(Span::raw(" ".repeat(marker.width()))),
            }
        }
        out
    }

    fn emit(&mut self, spans: Vec<Span<'static>>) {
        let mut line = self.prefix(false);
        line.extend(spans);
        self.lines.push(Line::from(line));
    }

    fn emit_blank(&mut self) {
        let mut prefix = self.prefix(true);
        // No trailing spaces on a blank line; a quote keeps its bar.
        while let Some(last) = prefix.last_mut() {
            let trimmed = last.content.trim_end().to_string();
            if trimmed.is_empty() {
                prefix.pop();
            } else {
                last.content = trimmed.into();
                break;
            }
        }
        self.lines.push(Line::from(prefix));
    }

    /// Wraps the waiting inline text into lines on word boundaries; a word
    /// wider than the line is cut.
    fn flush(&mut self) {
        if self.pieces.is_empty() {
            return;
        }
        let pieces = std::mem::take(&mut self.pieces);
        let width = self.width.saturating_sub(self.prefix_width()).max(1);
        let mut wrap = Wrap::new(width);
        for piece in pieces {
            match piece {
                Piece::Break => {
                    wrap.end_word();
                    wrap.new_line();
                }
                Piece::Text(text, style) => {
                    for c in text.chars() {
                        if c == ' ' {
                            wrap.space(style);
                        } else {
                            wrap.push(c, style);
                        }
                    }
                }
            }
        }
        wrap.end_word();
        for line in wrap.finish() {
            self.emit(line);
        }
    }

    /// Lines of a code or HTML block, as written, cut where too wide.
    fn flush_verbatim(&mut self) {
        let pieces = std::mem::take(&mut self.pieces);
        let width = self.width.saturating_sub(self.prefix_width()).max(1);
        let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
        let mut used = 0;
        for piece in pieces {
            match piece {
                Piece::Break => {
                    lines.push(Vec::new());
                    used = 0;
                }
                Piece::Text(text, style) => {
                    for c in text.chars() {
                        let w = c.width().unwrap_or(0);
                        if used + w > width && used > 0 {
                            lines.push(Vec::new());
                            used = 0;
                        }
                        push_char(lines.last_mut().expect("one line"), c, style);
                        used += w;
                    }
                }
            }
        }
        // The block's last line break leaves an empty line behind.
        if lines.len() > 1 && lines.last().is_some_and(Vec::is_empty) {
            lines.pop();
        }
        for line in lines {
            self.emit(line);
        }
    }

    fn finish(mut self) -> Text<'static> {
        self.flush();
        Text::from(self.lines)
    }
}

/// Adds `c` to the last span if it has the same style, else a new span.
fn push_char(spans: &mut Vec<Span<'static>>, c: char, style: Style) {
    let mut buf = [0; 4];
    push_str(spans, c.encode_utf8(&mut buf), style);
}

/// Adds `s` to the last span if it has the same style, else a new span.
fn push_str(spans: &mut Vec<Span<'static>>, s: &str, style: Style) {
    match spans.last_mut() {
        Some(last) if last.style == style => last.content.to_mut().push_str(s),
        _ => spans.push(Span::styled(s.to_string(), style)),
    }
}

/// Greedy word wrapping of styled characters.
struct Wrap {
    width: usize,
    lines: Vec<Vec<Span<'static>>>,
    line: Vec<Span<'static>>,
    used: usize,
    word: Vec<Span<'static>>,
    word_width: usize,
    /// A space waits before the next word, in this style.
    space: Option<Style>,
}

impl Wrap {
    fn new(width: usize) -> Self {
        Wrap {
            width,
            lines: Vec::new(),
            line: Vec::new(),
            used: 0,
            word: Vec::new(),
            word_width: 0,
            space: None,
        }
    }

    fn push(&mut self, c: char, style: Style) {
        push_char(&mut self.word, c, style);
        self.word_width += c.width().unwrap_or(0);
    }

    fn space(&mut self, style: Style) {
        self.end_word();
        if self.used > 0 && self.space.is_none() {
            self.space = Some(style);
        }
    }

    fn new_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
        self.used = 0;
        self.space = None;
    }

    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let width = std::mem::take(&mut self.word_width);
        let gap = usize::from(self.space.is_some() && self.used > 0);
        if self.used > 0 && self.used + gap + width > self.width {
            self.new_line();
        }
        if let Some(style) = self.space.take()
            && self.used > 0
        {
            push_char(&mut self.line, ' ', style);
            self.used += 1;
        }
        if width <= self.width - self.used.min(self.width) {
            for span in word {
                push_str(&mut self.line, &span.content, span.style);
            }
            self.used += width;
            return;
        }
        // Too wide for any line: cut it where the line is full.
        for span in word {
            for c in span.content.chars() {
                let w = c.width().unwrap_or(0);
                if self.used + w > self.width && self.used > 0 {
                    self.new_line();
                }
                push_char(&mut self.line, c, span.style);
                self.used += w;
            }
        }
    }

    fn finish(mut self) -> Vec<Vec<Span<'static>>> {
        if !self.line.is_empty() || self.lines.is_empty() {
            self.lines.push(self.line);
        }
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &Text<'_>) -> Vec<String> {
        text.lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    fn styled_as<'t>(text: &'t Text<'_>, style: Style) -> Vec<&'t str> {
        text.lines
            .iter()
            .flat_map(|l| &l.spans)
            .filter(|s| s.style == style)
            .map(|s| s.content.as_ref())
            .collect()
    }

    #[test]
    fn soft_breaks_are_spaces_and_hard_breaks_new_lines() {
        let s = MarkdownStyles::default();
        let text = render("one\ntwo  \nthree\\\nfour", 80, &s);
        assert_eq!(plain(&text), ["one two", "three", "four"]);
    }

    #[test]
    fn wraps_on_word_boundaries_by_display_width() {
        let s = MarkdownStyles::default();
        let text = render("日本語 日本語 日本語 abc", 14, &s);
        assert_eq!(plain(&text), ["日本語 日本語", "日本語 abc"]);
        for line in &text.lines {
            assert!(line.width() <= 14);
        }
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        let s = MarkdownStyles::default();
        let text = render(&format!("a {}", "x".repeat(25)), 10, &s);
        assert_eq!(
            plain(&text),
            ["a", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"],
            "the long word starts on a line of its own and is cut at the edge"
        );
    }

    #[test]
    fn private_text_inside_emphasis_is_dimmed_by_offsets() {
        let s = MarkdownStyles::default();
        let text = render("*met %%Ana Z.%% at the lab*", 80, &s);
        assert_eq!(plain(&text), ["met %%Ana Z.%% at the lab"]);
        let private = s.emphasis.patch(s.private);
        assert_eq!(styled_as(&text, private), ["%%Ana Z.%%"]);
        assert_eq!(styled_as(&text, s.emphasis), ["met ", " at the lab"]);
    }

    #[test]
    fn private_text_across_lines_and_list_items() {
        let s = MarkdownStyles::default();
        let text = render("- a %%secret\n- still%% b", 80, &s);
        assert_eq!(plain(&text), ["• a %%secret", "• still%% b"]);
        assert_eq!(styled_as(&text, s.private), ["%%secret", "still%%"]);
    }

    #[test]
    fn entities_touching_private_text_dim_the_whole_piece() {
        let s = MarkdownStyles::default();
        // `&amp;` becomes `&`: the offsets no longer line up byte for byte.
        let text = render("x %%a &amp; b%% y", 80, &s);
        let dimmed = styled_as(&text, s.private).concat();
        assert!(dimmed.contains("a & b"), "{dimmed:?}");
    }

    #[test]
    fn links_show_their_address_once() {
        let s = MarkdownStyles::default();
        let text = render(
            "[OPSI](https://oecd-opsi.org) and <https://example.org>",
            80,
            &s,
        );
        assert_eq!(
            plain(&text),
            ["OPSI (https://oecd-opsi.org) and https://example.org"]
        );
    }

    #[test]
    fn html_is_shown_as_text_and_controls_never_reach_the_terminal() {
        let s = MarkdownStyles::default();
        let text = render(
            "<b>bold</b> \u{1b}]52;c;aGk=\u{7}x\u{1b}[2J\n\n<div>\nblock\n</div>",
            80,
            &s,
        );
        let all = plain(&text).join("\n");
        assert!(all.contains("<b>bold</b>"), "{all}");
        assert!(all.contains("<div>"), "{all}");
        assert!(!all.chars().any(|c| c.is_control() && c != '\n'), "{all:?}");
    }

    #[test]
    fn crlf_input_reads_like_lf() {
        let s = MarkdownStyles::default();
        let lf = "# Title\n\nline one\nline two\n\n```\ncode\n```\n";
        let crlf = lf.replace('\n', "\r\n");
        assert_eq!(render(&crlf, 40, &s), render(lf, 40, &s));
    }

    #[test]
    fn nested_and_numbered_lists_indent_their_lines() {
        let s = MarkdownStyles::default();
        let text = render(
            "1. one\n2. two words here\n   - inner\n     - deeper\n3. three",
            14,
            &s,
        );
        assert_eq!(
            plain(&text),
            [
                "1. one",
                "2. two words",
                "   here",
                "   ◦ inner",
                "     • deeper",
                "3. three"
            ]
        );
    }

    #[test]
    fn nothing_is_wider_than_the_width() {
        let s = MarkdownStyles::default();
        let source = "> quoted **strong** text that goes on\n> - and a list in it\n\n---\n\n    code that is very long indeed\n";
        for width in 6..30 {
            for line in render(source, width, &s).lines {
                assert!(line.width() <= usize::from(width), "{width}: {line:?}");
            }
        }
    }
}
