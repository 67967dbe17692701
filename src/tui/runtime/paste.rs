//! Telling a paste from typing where the terminal does not mark pastes
//! (a Windows console has no bracketed paste: a paste arrives as keys).
//! Pasted text must never run a binding (a `q` in it would quit, a newline
//! would jump between form fields), so a run of text keys read at once,
//! more than anyone types between two frames, is taken as one paste.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Msg;

/// How many text keys read in one go make a paste.
const AT_ONCE: usize = 8;

/// The messages read in one go, with each long run of text keys made into
/// one paste. Key releases (which some terminals send) are dropped; the
/// app acts on presses only.
pub(super) fn gather(pending: Vec<Msg>) -> Vec<Msg> {
    let mut out = Vec::with_capacity(pending.len());
    let mut run: Vec<KeyEvent> = Vec::new();
    for msg in pending {
        match msg {
            Msg::Input(Event::Key(k)) if k.kind == KeyEventKind::Release => {}
            Msg::Input(Event::Key(k)) if text_of(&k).is_some() => run.push(k),
            other => {
                flush(&mut run, &mut out);
                out.push(other);
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Ends a run: a paste if it is long and not one key held down (a held
/// `j` repeats faster than frames are drawn, and is still moving).
fn flush(run: &mut Vec<KeyEvent>, out: &mut Vec<Msg>) {
    let held = run.windows(2).all(|w| w[0].code == w[1].code);
    if run.len() >= AT_ONCE && !held {
        let text: String = run.iter().filter_map(text_of).collect();
        out.push(Msg::Input(Event::Paste(text)));
    } else {
        out.extend(run.iter().map(|k| Msg::Input(Event::Key(*k))));
    }
    run.clear();
}

/// The character a key would put in pasted text, if it is a text key: a
/// character (AltGr ones included, which arrive as Ctrl+Alt), Enter or Tab.
fn text_of(k: &KeyEvent) -> Option<char> {
    let plain = k.modifiers.difference(KeyModifiers::SHIFT).is_empty();
    let altgr = k
        .modifiers
        .contains(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match k.code {
        KeyCode::Char(c) if plain || altgr => Some(c),
        KeyCode::Enter if plain => Some('\n'),
        KeyCode::Tab if plain => Some('\t'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> Msg {
        Msg::Input(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn keys(text: &str) -> Vec<Msg> {
        text.chars()
            .map(|c| match c {
                '\n' => key(KeyCode::Enter),
                c => key(KeyCode::Char(c)),
            })
            .collect()
    }

    fn shown(msgs: &[Msg]) -> Vec<String> {
        msgs.iter()
            .map(|m| match m {
                Msg::Input(Event::Paste(t)) => format!("paste {t:?}"),
                Msg::Input(Event::Key(k)) => format!("key {:?}", k.code),
                _ => "other".into(),
            })
            .collect()
    }

    #[test]
    fn a_long_run_of_text_keys_is_one_paste_and_typing_stays_keys() {
        let pasted = gather(keys("quit now\nplease"));
        assert_eq!(shown(&pasted), ["paste \"quit now\\nplease\""]);
        let typed = gather(keys("qu"));
        assert_eq!(shown(&typed), ["key Char('q')", "key Char('u')"]);
    }

    #[test]
    fn a_held_key_is_not_a_paste_and_other_keys_end_a_run() {
        let held = gather(keys("jjjjjjjjjj"));
        assert_eq!(held.len(), 10);
        let mut mixed = keys("abcdefghijklm");
        mixed.insert(10, key(KeyCode::Down));
        let out = shown(&gather(mixed));
        assert_eq!(
            out,
            [
                "paste \"abcdefghij\"",
                "key Down",
                "key Char('k')",
                "key Char('l')",
                "key Char('m')"
            ]
        );
    }

    #[test]
    fn releases_are_dropped_and_altgr_characters_are_text() {
        let mut msgs = Vec::new();
        for c in "name@example.org".chars() {
            let mods = if c == '@' {
                KeyModifiers::CONTROL | KeyModifiers::ALT
            } else {
                KeyModifiers::NONE
            };
            let press = KeyEvent::new(KeyCode::Char(c), mods);
            let mut release = press;
            release.kind = KeyEventKind::Release;
            msgs.push(Msg::Input(Event::Key(press)));
            msgs.push(Msg::Input(Event::Key(release)));
        }
        assert_eq!(shown(&gather(msgs)), ["paste \"name@example.org\""]);
    }
}
