//! Keys to actions: the defaults from `assets/config.toml`, the user's
//! overrides, and a description of each key for the help and status bar.

use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::library::Config;
use crate::tui::action::Action;

/// A key with its modifiers, normalised so `J` and `shift-j` are one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    mods: KeyModifiers,
}

impl Key {
    pub fn from_event(event: KeyEvent) -> Key {
        let mut mods =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match event.code {
            // The character already says whether shift was held.
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// Whether this key, in the search line, is text to type.
    pub fn is_text(self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// Parses `q`, `?`, `ctrl-p`, `shift-down`, `pagedown`, `f1`, `space`…
    pub fn parse(text: &str) -> Result<Key, String> {
        let lower = text.trim().to_ascii_lowercase();
        let mut mods = KeyModifiers::NONE;
        let mut rest = text.trim();
        loop {
            let l = rest.to_ascii_lowercase();
            let stripped = ["ctrl-", "alt-", "shift-"]
                .iter()
                .find(|p| l.starts_with(**p) && rest.len() > p.len());
            match stripped {
                Some(&"ctrl-") => mods |= KeyModifiers::CONTROL,
                Some(&"alt-") => mods |= KeyModifiers::ALT,
                Some(_) => mods |= KeyModifiers::SHIFT,
                None => break,
            }
            rest = &rest[stripped.unwrap().len()..];
        }
        let named = rest.to_ascii_lowercase();
        let code = match named.as_str() {
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "space" => KeyCode::Char(' '),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ if rest.chars().count() == 1 => KeyCode::Char(rest.chars().next().unwrap_or(' ')),
            _ => {
                return Err(format!(
                    "\"{lower}\" is not a key; write keys like \"q\", \"ctrl-p\", \"shift-down\", \"pagedown\", \"f1\""
                ));
            }
        };
        let code = match code {
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Ok(Key::from_event(KeyEvent::new(code, mods)))
    }

    /// How the key is written in help and the status bar.
    pub fn describe(self) -> String {
        let base = match self.code {
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) => c.to_string(),
            _ => "?".into(),
        };
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        out + &base
    }
}

/// Which action each key runs.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    by_key: HashMap<Key, Action>,
    /// Keys per action, in the order written (the first is shown in hints).
    by_action: HashMap<Action, Vec<Key>>,
    /// Bad bindings, with where they were written.
    pub problems: Vec<String>,
}

impl Keymap {
    /// Builds the keymap from settings; a later binding of an action
    /// replaces its earlier keys, and a bad binding keeps the earlier ones.
    pub fn from_config(config: &Config) -> Keymap {
        let mut map = Keymap::default();
        for binding in &config.keys {
            let Some(action) = Action::from_name(&binding.action) else {
                map.problems.push(format!(
                    "{}: there is no action \"{}\"; `?` in cairn lists them",
                    binding.origin, binding.action
                ));
                continue;
            };
            let parsed: Result<Vec<Key>, String> =
                binding.keys.iter().map(|k| Key::parse(k)).collect();
            match parsed {
                Ok(keys) if !keys.is_empty() => {
                    for orphan in map.bind(action, keys) {
                        map.problems.push(format!(
                            "{}: that key was the only one for {}, which now has none",
                            binding.origin,
                            orphan.name()
                        ));
                    }
                }
                Ok(_) => map.problems.push(format!(
                    "{}: {} has no keys; kept its default",
                    binding.origin, binding.action
                )),
                Err(why) => map.problems.push(format!(
                    "{}: {why}; kept the default for {}",
                    binding.origin, binding.action
                )),
            }
        }
        map
    }

    /// Binds keys to an action; returns actions left with no key at all.
    fn bind(&mut self, action: Action, keys: Vec<Key>) -> Vec<Action> {
        let mut orphans = Vec::new();
        if let Some(old) = self.by_action.remove(&action) {
            for key in old {
                self.by_key.remove(&key);
            }
        }
        for key in &keys {
            if let Some(other) = self.by_key.insert(*key, action)
                && other != action
                && let Some(list) = self.by_action.get_mut(&other)
            {
                list.retain(|k| k != key);
                if list.is_empty() {
                    orphans.push(other);
                }
            }
        }
        self.by_action.insert(action, keys);
        orphans
    }

    /// The action for a key; in the search line, text keys type instead.
    pub fn action(&self, key: Key, typing: bool) -> Option<Action> {
        if typing && key.is_text() {
            return None;
        }
        self.by_key.get(&key).copied()
    }

    /// The keys of an action as written in help, e.g. `["Ctrl-p", "g"]`.
    pub fn keys(&self, action: Action) -> Vec<String> {
        self.by_action
            .get(&action)
            .map(|keys| keys.iter().map(|k| k.describe()).collect())
            .unwrap_or_default()
    }

    /// The first key of an action that works where the person is: while
    /// typing in the search line, a letter key would only type itself.
    pub fn hint_for(&self, action: Action, typing: bool) -> String {
        let keys = self.by_action.get(&action).cloned().unwrap_or_default();
        keys.into_iter()
            .find(|k| !typing || !k.is_text())
            .map_or_else(|| self.hint(action), |k| k.describe())
    }

    /// The first key of an action, for hints.
    pub fn hint(&self, action: Action) -> String {
        self.keys(action)
            .into_iter()
            .next()
            .unwrap_or_else(|| "(unbound)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Binding;

    fn binding(action: &str, keys: &[&str], origin: &str) -> Binding {
        Binding {
            action: action.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
            origin: origin.into(),
        }
    }

    #[test]
    fn every_action_has_a_default_key() {
        let keymap = Keymap::from_config(&Config::load(std::path::Path::new("/nonexistent")));
        assert!(keymap.problems.is_empty(), "{:?}", keymap.problems);
        for a in Action::ALL {
            assert!(
                !keymap.keys(*a).is_empty(),
                "{} has no default key",
                a.name()
            );
        }
    }

    #[test]
    fn keys_parse_and_normalise() {
        assert_eq!(
            Key::parse("J").unwrap(),
            Key::from_event(KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT))
        );
        assert_eq!(Key::parse("ctrl-P").unwrap().describe(), "Ctrl-p");
        assert_eq!(Key::parse("shift-tab").unwrap().describe(), "Shift-Tab");
        assert_eq!(Key::parse("f5").unwrap().describe(), "F5");
        assert!(Key::parse("ctlr-p").is_err());
    }

    #[test]
    fn user_binding_replaces_default_and_bad_one_keeps_it() {
        let config = Config {
            keys: vec![
                binding("quit", &["q"], "default"),
                binding("help", &["?"], "default"),
                binding("quit", &["x"], "mine line 2"),
                binding("help", &["ctlr-h"], "mine line 3"),
                binding("fly", &["z"], "mine line 4"),
            ],
            ..Config::default()
        };
        let map = Keymap::from_config(&config);
        assert_eq!(map.keys(Action::Quit), ["x"]);
        assert_eq!(map.keys(Action::Help), ["?"]);
        assert_eq!(map.problems.len(), 2);
        assert!(
            map.problems[0].starts_with("mine line 3"),
            "{:?}",
            map.problems
        );
        let q = Key::parse("q").unwrap();
        assert_eq!(map.action(q, false), None);
        let x = Key::parse("x").unwrap();
        assert_eq!(
            map.action(x, true),
            None,
            "typing x in the search line types it"
        );
        assert_eq!(map.action(x, false), Some(Action::Quit));
    }
}
