//! Turning key presses, pastes and mouse events into state changes: keys
//! go through the keymap to actions, except text typed into a line.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Position;

use crate::tui::action::Action;
use crate::tui::app::layout;
use crate::tui::app::{App, Effect, Focus, Tab};
use crate::tui::keymap::Key;
use crate::tui::overlays::Overlay;

/// How many past messages help keeps.
const SAID_KEPT: usize = 5;

impl App {
    /// Handles a key press.
    pub fn on_key(&mut self, event: KeyEvent) -> Vec<Effect> {
        let event = altgr_as_text(event);
        // A message is said once; help keeps the last few, whole.
        if let Some(said) = self.message.take() {
            self.said.push(said);
            if self.said.len() > SAID_KEPT {
                self.said.remove(0);
            }
        }
        let key = Key::from_event(event);
        if event.code == KeyCode::Char('c') && event.modifiers.contains(KeyModifiers::CONTROL) {
            // An entry being written is never dropped without asking.
            if !self.overlay.unsaved() {
                self.quit = true;
                return Vec::new();
            }
            let back = std::mem::replace(&mut self.overlay, Overlay::None).underneath();
            self.overlay = Overlay::Confirm {
                question: "Quit cairn without saving the entry you are writing? (y/n)".into(),
                yes: Effect::Quit,
                back: Some(Box::new(back)),
            };
            return Vec::new();
        }
        // On a too-small screen nothing can be seen, so only quitting acts.
        if self.size.width < layout::MIN_WIDTH || self.size.height < layout::MIN_HEIGHT {
            self.quit = self.keymap.action(key, false) == Some(Action::Quit);
            return Vec::new();
        }
        if !matches!(self.overlay, Overlay::None) {
            return self.on_overlay_key(event);
        }
        let typing = self.focus == Focus::Search && self.searchable();
        if typing && let Some(effects) = self.edit_query(event) {
            return effects;
        }
        match self.keymap.action(key, typing) {
            Some(action) => self.update(action),
            None if typing && key.is_text() => {
                if let KeyCode::Char(c) = event.code {
                    self.active_query_mut().insert(c);
                }
                self.query_changed()
            }
            None => Vec::new(),
        }
    }

    /// Keys that always edit the search line while it has focus.
    fn edit_query(&mut self, event: KeyEvent) -> Option<Vec<Effect>> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match event.code {
            KeyCode::Backspace => self.active_query_mut().backspace(),
            KeyCode::Delete => self.active_query_mut().delete(),
            KeyCode::Left => self.active_query_mut().left(),
            KeyCode::Right => self.active_query_mut().right(),
            KeyCode::Home => self.active_query_mut().home(),
            KeyCode::End => self.active_query_mut().end(),
            KeyCode::Char('u') if ctrl => self.active_query_mut().clear(),
            KeyCode::Char('w') if ctrl => self.active_query_mut().delete_word(),
            _ => return None,
        }
        Some(self.query_changed())
    }

    /// Pasted text goes into whatever line has focus.
    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        if self.overlay.paste(text) || !matches!(self.overlay, Overlay::None) {
            return Vec::new();
        }
        self.focus = Focus::Search;
        self.active_query_mut().insert_str(text);
        self.query_changed()
    }

    /// Handles clicks and the wheel.
    pub fn on_mouse(&mut self, event: MouseEvent) -> Vec<Effect> {
        if !matches!(self.overlay, Overlay::None) {
            return Vec::new();
        }
        let at = Position::new(event.column, event.row);
        let areas = layout::areas(self.size, self.zoom);
        match event.kind {
            MouseEventKind::ScrollDown if areas.detail.contains(at) => {
                self.update(Action::ScrollDetailDown)
            }
            MouseEventKind::ScrollUp if areas.detail.contains(at) => {
                self.update(Action::ScrollDetailUp)
            }
            MouseEventKind::ScrollDown => self.move_by(1),
            MouseEventKind::ScrollUp => self.move_by(-1),
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(tab) = layout::tab_at(self.size, at) {
                    self.tab = tab;
                    return self.tab_shown();
                } else if areas.search.contains(at) {
                    if !self.searchable() {
                        self.tab = Tab::Networks;
                    }
                    self.focus = Focus::Search;
                } else if areas.list.contains(at) && self.tab == Tab::Journal {
                    self.focus = Focus::List;
                    let row = at.y.saturating_sub(areas.list.y + 1) as isize;
                    let target =
                        (self.journal.offset as isize + row) - self.journal.selected as isize;
                    let inside = at.y > areas.list.y && at.y + 1 < areas.list.bottom();
                    if inside && self.journal.offset + (row as usize) < self.journal.hits.len() {
                        return self.move_by(target);
                    }
                } else if areas.list.contains(at) && self.tab == Tab::Networks {
                    self.focus = Focus::List;
                    let row = at.y.saturating_sub(areas.list.y + 1) as usize;
                    let inside = at.y > areas.list.y && at.y + 1 < areas.list.bottom();
                    if inside && self.offset + row < self.results.total {
                        self.selected = self.offset + row;
                        self.detail_scroll = 0;
                        return vec![Effect::Linked];
                    }
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn on_overlay_key(&mut self, event: KeyEvent) -> Vec<Effect> {
        let overlay = std::mem::replace(&mut self.overlay, Overlay::None);
        let (next, effects) = overlay.on_key(event, self.size, &self.keymap);
        self.overlay = next;
        let mut out = Vec::new();
        for effect in effects {
            match self.apply(effect) {
                Ok(more) => out.extend(more),
                Err(effect) => out.push(effect),
            }
        }
        out
    }
}

/// On Windows, AltGr arrives as Ctrl+Alt: `@ { } \ |` and some accented
/// letters on German, French or Polish layouts come as Ctrl+Alt with the
/// character. A character with both is text, as it would be anywhere else.
fn altgr_as_text(event: KeyEvent) -> KeyEvent {
    let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
    match event.code {
        KeyCode::Char(c) if event.modifiers.contains(altgr) => {
            KeyEvent::new(KeyCode::Char(c), event.modifiers.difference(altgr))
        }
        _ => event,
    }
}
