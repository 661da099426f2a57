//! Identities (screen 1, both parties): the setup's name and region, then the data owner and the
//! model owner side by side, each with its account ID, its credentials (a profile picked from
//! the AWS config files; for the model owner, or a role to assume) and its live caller
//! identity checked against the blueprint. One side is active (▶); `s`, ← and → switch it.
//!
//! The fields are one [`Form`] in reading order (name, region, data owner, model owner), so ↑/↓
//! walk every field; the screen draws each side's rows in its own pane.

pub mod draw;
mod live;
pub mod picker;

use crossterm::event::{KeyCode, KeyEvent};

use self::picker::{Outcome, Picker};
use crate::aws::profiles::ProfileList;
use crate::blueprint::Side;
use crate::blueprint::{Blueprint, Partition, Problem};
use crate::ui::action::Action;
use crate::ui::fieldmap::{FieldId as F, get};
use crate::ui::keymap::{self, Cmd, KeyCtx};
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{Form, Row};

#[derive(Debug, Clone)]
pub struct PartiesScreen {
    pub form: Form,
    /// The side whose pane has the keys (the selected field's side; kept while on the setup).
    pub active: Side,
    /// The profile picker, while open.
    pub picker: Option<Picker>,
    /// The profiles of the user's AWS config files (read once at start, again on `r`).
    pub profiles: ProfileList,
    partition: Partition,
}

impl Default for PartiesScreen {
    fn default() -> Self {
        Self {
            form: Form::default(),
            active: Side::DataOwner,
            picker: None,
            profiles: ProfileList::default(),
            partition: Partition::Aws,
        }
    }
}

/// The pane a field is drawn in; `None` for the setup fields above both panes.
pub fn side_of(id: F) -> Option<Side> {
    match id {
        F::DataAccount | F::DataProfile | F::DataAdmins => Some(Side::DataOwner),
        F::ModelAccount | F::ModelProfile | F::ModelRole => Some(Side::ModelOwner),
        _ => None,
    }
}

/// What the profile row says after the name: its kind, or that it is not in the files.
fn profile_note(row: Row, name: Option<&String>, profiles: &ProfileList) -> Row {
    let Some(name) = name else {
        return row;
    };
    match profiles.get(name) {
        Some(p) => match p.kind {
            Some(kind) => row.note(kind.label(), false),
            None => row,
        },
        None if profiles.files.is_empty() && profiles.profiles.is_empty() => row,
        None => row.note("not in your config files", true),
    }
}

pub fn rows(bp: &Blueprint, profiles: &ProfileList) -> Vec<Row> {
    let t = |id, label: &str, hint| Row::text(id, label, get(bp, id), hint);
    let profile_hint = "Enter picks from your AWS config files; empty = default chain";
    vec![
        t(
            F::Name,
            "Name",
            "lower-case letters, digits and dashes; tags everything created",
        ),
        t(F::Region, "Region", "e.g. us-east-1 (both accounts use it)"),
        t(F::DataAccount, "Account ID", "12 digits"),
        profile_note(
            t(F::DataProfile, "AWS profile", profile_hint).placeholder("(default chain)"),
            bp.data_owner.profile.as_ref(),
            profiles,
        ),
        t(
            F::DataAdmins,
            "Admin principals",
            "IAM ARNs, comma-separated; exempt from the endpoint-only rule",
        ),
        t(F::ModelAccount, "Account ID", "12 digits"),
        profile_note(
            t(F::ModelProfile, "AWS profile", profile_hint).placeholder("(default chain)"),
            bp.model_owner.profile.as_ref(),
            profiles,
        ),
        t(
            F::ModelRole,
            "Role to assume",
            "a role ARN in the model-owner account, assumed with the data owner's \
             credentials; empty = use the profile",
        )
        .placeholder("(none: use the profile)"),
    ]
}

impl PartiesScreen {
    pub fn sync(&mut self, bp: &Blueprint) {
        self.partition = bp.partition();
        self.form.sync(rows(bp, &self.profiles), self.partition);
        self.follow_selection();
    }

    /// Whether a field's input or the picker has the keys.
    pub fn editing(&self) -> bool {
        self.form.editing() || self.picker.is_some()
    }

    fn selected_side(&self) -> Option<Side> {
        self.form.selected_id().and_then(side_of)
    }

    fn follow_selection(&mut self) {
        if let Some(side) = self.selected_side() {
            self.active = side;
        }
    }

    /// Make `side` active: the selection goes to the same field of its pane (from the setup,
    /// to its first field).
    pub fn switch_to(&mut self, side: Side) {
        let target = match (self.form.selected_id(), side) {
            (Some(F::DataProfile | F::ModelProfile), Side::ModelOwner) => F::ModelProfile,
            (Some(F::DataAdmins | F::ModelRole), Side::ModelOwner) => F::ModelRole,
            (_, Side::ModelOwner) => F::ModelAccount,
            (Some(F::DataProfile | F::ModelProfile), _) => F::DataProfile,
            (Some(F::DataAdmins | F::ModelRole), _) => F::DataAdmins,
            _ => F::DataAccount,
        };
        self.form.select(target);
        self.active = side;
    }

    fn other(side: Side) -> Side {
        if side == Side::ModelOwner {
            Side::DataOwner
        } else {
            Side::ModelOwner
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        if let Some(picker) = &mut self.picker {
            let outcome = picker.handle_key(&key, &self.profiles, self.partition);
            return Some(self.after_picker(outcome));
        }
        if self.form.editing() {
            return self.form.handle_key(&key);
        }
        match keymap::lookup(KeyCtx::Identities, &key) {
            Some(Cmd::SwitchSide) => {
                let side = match key.code {
                    KeyCode::Left => Side::DataOwner,
                    KeyCode::Right => Side::ModelOwner,
                    _ => Self::other(self.active),
                };
                self.switch_to(side);
                return Some(Action::Render);
            }
            Some(Cmd::Refresh) => return Some(Action::ResolveAgain),
            _ => {}
        }
        if keymap::lookup(KeyCtx::Form, &key) == Some(Cmd::Edit)
            && let Some(id @ (F::DataProfile | F::ModelProfile)) = self.form.selected_id()
        {
            return Some(self.open_picker(id));
        }
        let action = self.form.handle_key(&key);
        self.follow_selection();
        action
    }

    fn open_picker(&mut self, id: F) -> Action {
        let current = self
            .form
            .rows
            .iter()
            .find(|r| r.id == Some(id))
            .map(|r| r.value.clone())
            .filter(|v| !v.is_empty());
        self.picker = Some(Picker::open(id, current.as_deref(), &self.profiles));
        Action::Render
    }

    fn after_picker(&mut self, outcome: Outcome) -> Action {
        match outcome {
            Outcome::Render => Action::Render,
            Outcome::Close => {
                self.picker = None;
                Action::Render
            }
            Outcome::Pick(name) => match self.picker.take() {
                Some(p) => Action::SetField(p.field, name),
                None => Action::Render,
            },
        }
    }

    /// A left click at `pos` in the screen's `area`: a field is selected (clicking the selected
    /// one is Enter), a pane is made active; with the picker open, an entry is selected
    /// (clicking the selected one picks it).
    pub fn click(
        &mut self,
        area: ratatui::layout::Rect,
        pos: (u16, u16),
        theme: Theme,
        problems: &[Problem],
    ) -> Option<Action> {
        if let Some(picker) = &mut self.picker {
            let outcome = picker.click(area, pos, &self.profiles, self.partition);
            return Some(self.after_picker(outcome));
        }
        let hit = draw::Geometry::new(self, area, theme, problems).hit(self, pos, theme, problems);
        match hit {
            Some(draw::Hit::Row(i)) => {
                let is_profile = matches!(
                    self.form.rows.get(i).and_then(|r| r.id),
                    Some(F::DataProfile | F::ModelProfile)
                );
                if is_profile && i == self.form.selected && !self.form.editing() {
                    let id = self.form.selected_id()?;
                    return Some(self.open_picker(id));
                }
                let action = self.form.click(i);
                self.follow_selection();
                action
            }
            Some(draw::Hit::Pane(side)) if !self.form.editing() && side != self.active => {
                self.switch_to(side);
                Some(Action::Render)
            }
            _ => None,
        }
    }
}
