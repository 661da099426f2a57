//! `App::update`: the only place the wizard's state changes.

use std::path::PathBuf;

use super::action::Action;
use super::app::{App, Status};
use super::derive;
use super::fieldmap;
use super::layout;
use super::overlay::Overlay;
use super::save;
use super::screen::Screen;
use super::screens::editor::Editor;
use super::screens::policies::PoliciesScreen;
use super::screens::review::{self, ReviewScreen};
use super::text::wrap;
use super::widgets::input::Input;
use crate::policy::PolicyDocument;
use crate::policy::overrides::Override;

impl App {
    pub fn update(&mut self, action: Action) {
        let before = self.screen;
        match action {
            Action::Render => {}
            Action::Tick => {
                self.live.spinner = self.live.spinner.wrapping_add(1);
                self.monitor_tick();
            }
            Action::Live(event) => self.on_live(*event),
            Action::ResolveAgain => self.resolve_again(),
            Action::Net(a) => self.on_net_action(a),
            Action::Click(col, row) => self.on_click(col, row),
            Action::Wheel(up) => {
                let code = if up {
                    crossterm::event::KeyCode::Up
                } else {
                    crossterm::event::KeyCode::Down
                };
                let key =
                    crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE);
                for _ in 0..3 {
                    match self.handle_key(key) {
                        Some(Action::Wheel(_)) | None => break,
                        Some(a) => self.update(a),
                    }
                }
            }
            Action::Resize(w, h) => self.size = (w, h),
            Action::Run(a) => self.on_run_action(a),
            Action::RefreshPlan => self.ask_plan(),
            Action::Monitor(a) => self.on_monitor_action(a),
            // A running apply is stopped (asked first), not left behind.
            Action::Quit if self.stop_instead_of_quit() => {}
            Action::Quit => {
                if matches!(self.overlay, Some(Overlay::LoadError { .. })) || !self.unsaved() {
                    self.quit = true;
                } else {
                    self.overlay = Some(Overlay::ConfirmQuit);
                }
            }
            Action::QuitNow => self.quit = true,
            Action::Save => self.save(None, false, false),
            Action::SaveAndQuit => self.save(None, true, false),
            Action::SaveTo {
                path,
                then_quit,
                force,
            } => self.save(Some(path), then_quit, force),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::CloseOverlay => self.overlay = None,
            Action::Back => {
                if self.screen == Screen::Parties {
                    self.status = Some(Status::Info("first screen: q quits".into()));
                } else {
                    self.screen = self.screen.prev();
                }
            }
            Action::Goto(screen) => self.screen = screen,
            Action::NextScreen => self.screen = self.screen.next(),
            Action::PrevScreen => self.screen = self.screen.prev(),
            Action::SetField(id, text) => match fieldmap::set(&mut self.bp, id, &text) {
                Ok(()) => {
                    self.close_field_input();
                    self.refresh();
                    self.field_committed(id);
                }
                Err(e) => self.status = Some(Status::Error(format!("not changed: {e}"))),
            },
            Action::Toggle(id) => {
                if fieldmap::toggle(&mut self.bp, id) {
                    self.refresh();
                }
            }
            Action::AddSubnet => {
                let subnet = fieldmap::next_subnet(&self.bp);
                self.bp.network.subnets.push(subnet);
                let i = self.bp.network.subnets.len() - 1;
                self.refresh();
                self.network.form.select(fieldmap::FieldId::SubnetAz(i));
                self.status = Some(Status::Info(format!(
                    "added subnet {}: check its AZ ID and CIDR",
                    i + 1
                )));
            }
            Action::RemoveSubnet(i) => {
                if i < self.bp.network.subnets.len() {
                    self.bp.network.subnets.remove(i);
                    self.refresh();
                }
            }
            Action::EditPolicy => self.open_editor(),
            Action::ResetPolicy => {
                if let Some(kind) = self.policies.selected_kind().cloned()
                    && self.overrides.remove(&kind).is_some()
                {
                    self.refresh();
                    self.status = Some(Status::Info(format!(
                        "{} reset to the generated one",
                        kind.label()
                    )));
                }
            }
            Action::EditorChanged => self.reparse_editor(),
            Action::LeaveEditor => {
                if let Err(e) = self.commit_editor() {
                    self.overlay = Some(Overlay::DiscardEdit { error: e });
                }
            }
            Action::DiscardEdit => {
                self.overlay = None;
                self.policies.editor = None;
                self.status = Some(Status::Info("edit discarded".into()));
            }
            Action::StartFresh => {
                self.overlay = None;
                self.status = Some(Status::Info(format!(
                    "new blueprint: Ctrl-S asks where to save (offers {})",
                    self.default_path().display()
                )));
            }
        }
        if self.screen != before {
            // Arriving on Network or Data lists what they pick from; Review and Apply read
            // the live plan (Apply the journal too); Monitor turns on.
            self.net_arrive();
            match self.screen {
                Screen::Review => self.ask_plan(),
                Screen::Apply => self.on_apply_shown(),
                Screen::Monitor => self.on_monitor_shown(),
                _ => {}
            }
        }
        self.clamp_scrolls();
    }

    fn close_field_input(&mut self) {
        match self.screen {
            Screen::Parties => self.parties.form.input = None,
            Screen::Network => self.network.form.input = None,
            Screen::Data => self.data.form.input = None,
            Screen::Cluster => self.cluster.form.input = None,
            Screen::Policies | Screen::Review | Screen::Apply | Screen::Monitor => {}
        }
    }

    fn open_editor(&mut self) {
        let Some(kind) = self.policies.selected_kind().cloned() else {
            return;
        };
        let text = PoliciesScreen::text_of(self, &kind);
        self.policies.editor = Some(Editor::new(kind, &text, self.theme));
        self.reparse_editor();
    }

    /// Parse the editor's text; when it parses, run the analyzer with it in place.
    fn reparse_editor(&mut self) {
        let Some(editor) = &mut self.policies.editor else {
            return;
        };
        editor.parsed = PolicyDocument::from_json(&editor.text());
        if let Ok(doc) = &editor.parsed {
            editor.report = Some(derive::analyze_with(
                &self.bp,
                &self.derived.generated,
                &self.overrides,
                Some((&editor.kind, doc)),
            ));
        }
    }

    /// Keep the editor's policy as an override (or drop the override when it equals the
    /// generated policy) and close the editor. `Err`: the text does not parse.
    fn commit_editor(&mut self) -> Result<(), String> {
        let Some(editor) = &self.policies.editor else {
            return Ok(());
        };
        let text = editor.text();
        let doc = PolicyDocument::from_json(&text).map_err(|e| e.to_string())?;
        let kind = editor.kind.clone();
        let generated = derive::generated_doc(&self.derived.generated, &kind);
        if generated == Some(&doc) {
            self.overrides.remove(&kind);
        } else {
            self.overrides.insert(kind, Override { text, doc });
        }
        self.policies.editor = None;
        self.refresh();
        Ok(())
    }

    /// Commit what is being edited before a save. `Err`: why it cannot be.
    fn commit_pending(&mut self) -> Result<(), String> {
        if self.policies.editor.is_some() {
            return self
                .commit_editor()
                .map_err(|e| format!("the policy being edited does not parse: {e}"));
        }
        let form = match self.screen {
            Screen::Parties => &self.parties.form,
            Screen::Network => &self.network.form,
            Screen::Data => &self.data.form,
            Screen::Cluster => &self.cluster.form,
            Screen::Policies | Screen::Review | Screen::Apply | Screen::Monitor => return Ok(()),
        };
        if let Some((id, input)) = &form.input {
            let (id, text) = (*id, input.text.clone());
            fieldmap::set(&mut self.bp, id, &text)?;
            self.close_field_input();
            self.refresh();
        }
        Ok(())
    }

    /// Ctrl-S and its follow-ups: commit open edits, find the path (asking when there is
    /// none), confirm when the blueprint has problems, write.
    fn save(&mut self, path: Option<PathBuf>, then_quit: bool, force: bool) {
        if let Err(e) = self.commit_pending() {
            self.overlay = None;
            self.status = Some(Status::Error(format!("not saved: {e}")));
            return;
        }
        let Some(path) = path.or_else(|| self.config.clone()) else {
            let default = self.default_path().display().to_string();
            self.overlay = Some(Overlay::SavePrompt {
                input: Input::new(default),
                then_quit,
                error: None,
            });
            return;
        };
        if !force && !self.derived.problems.is_empty() {
            self.overlay = Some(Overlay::ConfirmSave {
                path,
                then_quit,
                problems: self.derived.problems.len(),
            });
            return;
        }
        match save::save_all(
            &path,
            &self.bp,
            &self.overrides,
            &crate::policy::overrides::kinds(&self.bp),
        ) {
            Ok(report) => {
                self.overlay = None;
                self.config = Some(path.clone());
                self.saved = (self.bp.clone(), self.overrides.clone());
                let mut msg = format!("✓ saved to {}", path.display());
                if !report.policy_files.is_empty() {
                    msg.push_str(&format!(
                        " and {} policy file(s)",
                        report.policy_files.len()
                    ));
                }
                if !report.removed.is_empty() {
                    msg.push_str(&format!(
                        "; removed {} reset policy file(s)",
                        report.removed.len()
                    ));
                }
                self.status = Some(Status::Info(msg));
                if then_quit {
                    self.quit = true;
                }
            }
            Err(e) => {
                let msg = format!("not saved to {}: {e}", path.display());
                if let Some(Overlay::SavePrompt { error, .. }) = &mut self.overlay {
                    *error = Some(msg);
                } else {
                    self.overlay = None;
                    self.status = Some(Status::Error(msg));
                }
            }
        }
    }

    /// Keep scroll positions inside their content, for the current terminal size.
    fn clamp_scrolls(&mut self) {
        self.fit_pickers();
        let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
        let main = layout::areas(area).main;
        // Only what is on screen: building the Review text or a policy's JSON on every key
        // elsewhere costs milliseconds (arriving on a screen clamps it).
        if self.screen == Screen::Review {
            let content = ReviewScreen::content_area(main);
            let total = review::lines(self, usize::from(content.width)).len();
            let max = total.saturating_sub(usize::from(content.height));
            self.review.scroll = self.review.scroll.min(max);
        }
        if let Some(Overlay::Help { scroll }) = &mut self.overlay {
            let help_total = super::widgets::help::lines(self.theme).len();
            let help_max = help_total.saturating_sub(usize::from(self.size.1.saturating_sub(4)));
            *scroll = (*scroll).min(help_max);
        }
        if self.screen == Screen::Policies
            && let Some(kind) = self.policies.selected_kind().cloned()
        {
            let lines = PoliciesScreen::text_of(self, &kind).lines().count();
            let max = u16::try_from(lines.saturating_sub(1)).unwrap_or(u16::MAX);
            self.policies.scroll = self.policies.scroll.min(max);
        }
        if let Some(Overlay::LoadError {
            scroll, problems, ..
        }) = &mut self.overlay
        {
            let max = (problems.iter().map(|p| wrap(p, 72, 2).len()).sum::<usize>() + 4)
                .saturating_sub(usize::from(self.size.1.saturating_sub(4)));
            *scroll = (*scroll).min(max);
        }
    }
}
