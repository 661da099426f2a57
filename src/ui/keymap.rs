//! Every key binding, declared once. Key dispatch, the footer hints and the `?` help overlay
//! are all generated from [`BINDINGS`].

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies. Lookups go from the most specific context to [`KeyCtx::Global`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCtx {
    /// Anywhere no overlay, field input or editor has the keys.
    Global,
    /// A form screen (Identities, Network, Data, Cluster).
    Form,
    /// The Identities screen's two panes.
    Identities,
    /// A list to pick from, filtered by typing (the profile picker).
    ProfilePicker,
    /// The Network screen's subnet rows.
    Subnets,
    /// The inline input of a form field while editing it.
    Input,
    Policies,
    /// The policy editor (everything not listed here goes to the text area).
    Editor,
    Review,
    /// The Apply screen.
    Apply,
    /// The Monitor screen.
    Monitor,
    /// A list picker (VPCs, subnets, endpoints, buckets).
    Picker,
    /// A picker where several rows can be chosen (subnets).
    MultiPicker,
    /// Typing a picker's filter (every other key is text).
    Filter,
    /// Screens with several panes (Network with an existing VPC, Data).
    Panes,
    /// The Network screen's choice between a new VPC and an existing one.
    NetMode,
    ConfirmQuit,
    /// Any yes/no question.
    Confirm,
    /// The problems of a blueprint that did not load.
    LoadError,
    /// The help overlay and other read-only overlays.
    Overlay,
}

impl KeyCtx {
    pub fn title(self) -> &'static str {
        match self {
            Self::Global => "Everywhere",
            Self::Form => "Forms (Identities, Network, Data, Cluster)",
            Self::Identities => "Identities",
            Self::ProfilePicker => "Picking a profile (type to filter)",
            Self::Subnets => "Network: subnets",
            Self::Input => "Editing a field",
            Self::Policies => "Policies",
            Self::Editor => "Policy editor (other keys edit the text)",
            Self::Review => "Review",
            Self::Apply => "Apply",
            Self::Monitor => "Monitor",
            Self::Picker => "Lists (VPCs, subnets, endpoints, buckets)",
            Self::MultiPicker => "Lists where several rows can be chosen (subnets)",
            Self::Filter => "Typing a list's filter",
            Self::Panes => "Screens with panes (Network, Data)",
            Self::NetMode => "Network: new or existing VPC",
            Self::ConfirmQuit => "Quit with unsaved changes",
            Self::Confirm => "Questions",
            Self::LoadError => "Blueprint did not load",
            Self::Overlay => "Help",
        }
    }
}

/// What a key asks for. Contexts give it meaning (e.g. `Cancel` closes what is open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    Quit,
    Help,
    Save,
    NextScreen,
    PrevScreen,
    /// Jump to a screen; which one comes from the digit pressed.
    GoTo,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Edit,
    Toggle,
    AddRow,
    RemoveRow,
    EditPolicy,
    ResetPolicy,
    Commit,
    Cancel,
    Yes,
    No,
    SaveAndQuit,
    StartFresh,
    /// Switch the active side (data owner / model owner).
    SwitchSide,
    /// Ask AWS again (identities, lists).
    Refresh,
    /// Start typing a list's filter.
    Filter,
    NextPane,
    PrevPane,
    /// Switch between creating a VPC and using an existing one.
    VpcMode,
    /// Apply the blueprint (asks first).
    Apply,
    /// The other pane (Apply: data owner / model owner).
    OtherPane,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}

const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}

pub struct Binding {
    pub ctx: KeyCtx,
    pub keys: &'static [Key],
    /// How the keys are written in hints, e.g. `↑/↓`.
    pub label: &'static str,
    /// Short text for the footer.
    pub hint: &'static str,
    /// The help overlay's text.
    pub help: &'static str,
    pub cmd: Cmd,
    /// Footer priority: 0 never shown, 1 always, higher numbers dropped first when the line
    /// is too short.
    pub footer: u8,
}

const fn b(
    ctx: KeyCtx,
    keys: &'static [Key],
    label: &'static str,
    hint: &'static str,
    help: &'static str,
    cmd: Cmd,
    footer: u8,
) -> Binding {
    Binding {
        ctx,
        keys,
        label,
        hint,
        help,
        cmd,
        footer,
    }
}

use Cmd as C;
use KeyCtx as X;

/// The single table of key bindings.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Form screens
    b(X::Form, &[k(KeyCode::Up), k(KeyCode::Down)], "↑/↓", "move", "move between fields", C::Down, 5),
    b(X::Form, &[k(KeyCode::Enter)], "Enter", "edit", "edit the field, or flip a toggle", C::Edit, 2),
    b(X::Form, &[c(' ')], "Space", "toggle", "flip a toggle", C::Toggle, 0),
    b(X::Subnets, &[c('a'), c('d'), k(KeyCode::Delete)], "a/d", "add/remove subnet", "add a subnet (a) / remove the selected one (d, Del)", C::AddRow, 3),
    // Identities
    b(X::Identities, &[c('s'), k(KeyCode::Left), k(KeyCode::Right)], "s/←/→", "side", "switch the active side: data owner / model owner", C::SwitchSide, 3),
    b(X::Identities, &[c('r')], "r", "re-resolve", "resolve both identities again, re-reading the AWS config files", C::Refresh, 4),
    // Profile picker
    b(X::ProfilePicker, &[k(KeyCode::Up), k(KeyCode::Down)], "↑/↓", "select", "select an entry; typing filters the list", C::Down, 2),
    b(X::ProfilePicker, &[k(KeyCode::Enter)], "Enter", "pick", "pick the selected entry", C::Commit, 1),
    b(X::ProfilePicker, &[k(KeyCode::Esc)], "Esc", "cancel", "close the list, keep the old value", C::Cancel, 1),
    // Lists
    b(X::MultiPicker, &[c(' ')], "Space", "select", "select / unselect the row under the cursor (✓)", C::Toggle, 2),
    b(X::Picker, &[k(KeyCode::Up), k(KeyCode::Down)], "↑/↓", "move", "move in the list (the wheel too)", C::Down, 5),
    b(X::Picker, &[k(KeyCode::PageUp), k(KeyCode::PageDown)], "PgUp/PgDn", "page", "a page up / down", C::PageDown, 0),
    b(X::Picker, &[k(KeyCode::Home), k(KeyCode::End)], "Home/End", "first/last", "the first / the last row", C::Top, 0),
    b(X::Picker, &[k(KeyCode::Enter)], "Enter", "use", "use the row under the cursor (or the ✓ rows)", C::Commit, 2),
    b(X::Picker, &[c('/')], "/", "filter", "type to filter the list (every word must match)", C::Filter, 3),
    b(X::Picker, &[k(KeyCode::Esc)], "Esc", "clear filter", "clear the filter (with none: back)", C::Cancel, 0),
    b(X::Picker, &[c('r')], "r", "refresh", "list again from AWS", C::Refresh, 4),
    b(X::Filter, &[k(KeyCode::Enter)], "Enter", "done", "stop typing, keep the filter", C::Commit, 1),
    b(X::Filter, &[k(KeyCode::Esc)], "Esc", "clear", "clear the filter and stop typing", C::Cancel, 1),
    b(X::Filter, &[k(KeyCode::Up), k(KeyCode::Down)], "↑/↓", "move", "move in the matches", C::Down, 2),
    b(X::Panes, &[k(KeyCode::Left), k(KeyCode::Right)], "←/→", "pane", "the previous / next pane", C::NextPane, 3),
    b(X::NetMode, &[c('v')], "v", "new/existing VPC", "switch between creating a new VPC and using an existing one", C::VpcMode, 4),
    // Inline field input
    b(X::Input, &[k(KeyCode::Enter)], "Enter", "commit", "commit the value (only when valid)", C::Commit, 1),
    b(X::Input, &[k(KeyCode::Esc)], "Esc", "cancel", "cancel the edit, keep the old value", C::Cancel, 1),
    // Policies
    b(X::Policies, &[k(KeyCode::Up), k(KeyCode::Down)], "↑/↓", "select", "select a policy", C::Down, 5),
    b(X::Policies, &[c('e'), k(KeyCode::Enter)], "e", "edit", "edit the selected policy", C::EditPolicy, 2),
    b(X::Policies, &[c('r')], "r", "reset", "reset the selected policy to the generated one", C::ResetPolicy, 3),
    b(X::Policies, &[k(KeyCode::PageUp), k(KeyCode::PageDown)], "PgUp/PgDn", "scroll", "scroll the preview", C::PageDown, 0),
    // Policy editor
    b(X::Editor, &[k(KeyCode::Esc)], "Esc", "leave", "leave the editor, keeping the edit when it is valid", C::Cancel, 1),
    b(X::Editor, &[ctrl('s')], "Ctrl-S", "keep + save", "keep the edit and save everything", C::Save, 1),
    // Review
    b(X::Review, &[k(KeyCode::Up), k(KeyCode::Down)], "↑/↓", "scroll", "scroll", C::Down, 4),
    b(X::Review, &[k(KeyCode::PageUp), k(KeyCode::PageDown)], "PgUp/PgDn", "page", "scroll a page", C::PageDown, 5),
    b(X::Review, &[k(KeyCode::Home), k(KeyCode::End)], "Home/End", "top/end", "go to the top / the end", C::Top, 0),
    b(X::Review, &[c('r')], "r", "re-plan", "read the live plan again (both accounts, read-only)", C::Refresh, 3),
    // Apply
    b(X::Apply, &[c('a')], "a", "apply", "apply the blueprint to both accounts (asks first)", C::Apply, 1),
    b(X::Apply, &[k(KeyCode::Up), k(KeyCode::Down)], "↑/↓", "select", "select a step (what it would do, or its messages, show below)", C::Down, 4),
    b(X::Apply, &[k(KeyCode::Left), k(KeyCode::Right)], "←/→", "pane", "the other pane: data owner / model owner", C::OtherPane, 5),
    b(X::Apply, &[c('r')], "r", "re-plan", "read the live plan again (both accounts, read-only; not during a run)", C::Refresh, 6),
    // Monitor
    b(X::Monitor, &[c('r')], "r", "refresh", "refresh now (else every interval)", C::Refresh, 1),
    b(X::Monitor, &[k(KeyCode::Up), k(KeyCode::Down)], "↑/↓", "select", "select a check (its detail shows below)", C::Down, 4),
    // Quit confirmation
    b(X::ConfirmQuit, &[c('y')], "y", "quit", "quit without saving", C::Yes, 1),
    b(X::ConfirmQuit, &[c('s')], "s", "save and quit", "save, then quit", C::SaveAndQuit, 1),
    b(X::ConfirmQuit, &[c('n'), k(KeyCode::Esc)], "n/Esc", "stay", "stay in the wizard", C::No, 1),
    // Questions
    b(X::Confirm, &[c('y')], "y", "yes", "yes", C::Yes, 1),
    b(X::Confirm, &[c('n'), k(KeyCode::Esc)], "n/Esc", "no", "no", C::No, 1),
    // Load error
    b(X::LoadError, &[c('n')], "n", "new blueprint", "start from a new blueprint (asks where to save)", C::StartFresh, 1),
    b(X::LoadError, &[c('q'), k(KeyCode::Esc)], "q/Esc", "quit", "quit, leaving the file untouched", C::Quit, 1),
    b(X::LoadError, &[k(KeyCode::Up), k(KeyCode::Down)], "↑/↓", "scroll", "scroll the problems", C::Down, 2),
    // Read-only overlays
    b(X::Overlay, &[k(KeyCode::Esc), c('?'), c('q')], "Esc", "close", "close", C::Cancel, 1),
    b(X::Overlay, &[k(KeyCode::Up), k(KeyCode::Down)], "↑/↓", "scroll", "scroll", C::Down, 2),
    // Everywhere
    b(X::Global, &[k(KeyCode::Tab)], "Tab", "next", "next screen", C::NextScreen, 2),
    b(X::Global, &[k(KeyCode::BackTab)], "Shift-Tab", "prev", "previous screen", C::PrevScreen, 6),
    b(X::Global, &[c('1'), c('2'), c('3'), c('4'), c('5'), c('6'), c('7'), c('8')], "1-8", "screen", "go to screen 1-8", C::GoTo, 0),
    b(X::Global, &[k(KeyCode::Esc)], "Esc", "back", "back: close what is open, else the previous screen", C::Back, 0),
    b(X::Global, &[ctrl('s')], "Ctrl-S", "save", "save the blueprint (and edited policies)", C::Save, 1),
    b(X::Global, &[c('?')], "?", "help", "this help", C::Help, 1),
    b(X::Global, &[c('q'), ctrl('c')], "q", "quit", "quit (asks when there are unsaved changes); Ctrl-C too", C::Quit, 1),
];

/// Keys whose meaning differs only by direction share one binding; this splits them.
fn directional(cmd: Cmd, code: KeyCode) -> Cmd {
    match (cmd, code) {
        (C::Down, KeyCode::Up) => C::Up,
        (C::PageDown, KeyCode::PageUp) => C::PageUp,
        (C::Top, KeyCode::End) => C::Bottom,
        (C::AddRow, KeyCode::Char('d') | KeyCode::Delete) => C::RemoveRow,
        (C::NextPane, KeyCode::Left) => C::PrevPane,
        _ => cmd,
    }
}

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    // Shift is part of the character (`?`, `A`) or of BackTab; ignore it there.
    let mut mods = ev.modifiers;
    if matches!(ev.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    let code = match ev.code {
        KeyCode::Char(ch) if mods.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(ch.to_ascii_lowercase())
        }
        other => other,
    };
    key.code == code && key.mods == mods
}

/// The command bound to `ev` in `ctx` (that context only).
pub fn lookup(ctx: KeyCtx, ev: &KeyEvent) -> Option<Cmd> {
    BINDINGS
        .iter()
        .filter(|b| b.ctx == ctx)
        .find(|b| b.keys.iter().any(|k| matches(k, ev)))
        .map(|b| directional(b.cmd, ev.code))
}

/// Bindings of one context, in table order.
pub fn bindings(ctx: KeyCtx) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.ctx == ctx)
}

/// Every context that has bindings, in first-appearance order (for the help overlay).
pub fn contexts() -> Vec<KeyCtx> {
    let mut out: Vec<KeyCtx> = Vec::new();
    for b in BINDINGS {
        if !out.contains(&b.ctx) {
            out.push(b.ctx);
        }
    }
    out
}

/// Whether `ev` is Ctrl-C (quits from everywhere, with the same confirmation as `q`).
pub fn is_interrupt(ev: &KeyEvent) -> bool {
    ev.modifiers.contains(KeyModifiers::CONTROL) && matches!(ev.code, KeyCode::Char('c' | 'C'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.ctx == b.ctx {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{k:?} twice in {:?}", a.ctx);
                    }
                }
            }
        }
    }

    #[test]
    fn every_context_is_in_the_help() {
        let help = crate::ui::widgets::help::lines(crate::ui::theme::Theme::NO_COLOR);
        let text: Vec<String> = help.iter().map(ToString::to_string).collect();
        for ctx in contexts() {
            assert!(text.contains(&ctx.title().to_string()), "{ctx:?} missing");
        }
    }

    #[test]
    fn lookups_split_directions_and_ignore_shift_on_characters() {
        let ev = |code, mods| KeyEvent::new(code, mods);
        assert_eq!(
            lookup(KeyCtx::Form, &ev(KeyCode::Up, KeyModifiers::NONE)),
            Some(Cmd::Up)
        );
        assert_eq!(
            lookup(KeyCtx::Form, &ev(KeyCode::Down, KeyModifiers::NONE)),
            Some(Cmd::Down)
        );
        assert_eq!(
            lookup(KeyCtx::Global, &ev(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Cmd::Help)
        );
        assert_eq!(
            lookup(KeyCtx::Global, &ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Cmd::PrevScreen)
        );
        assert_eq!(
            lookup(
                KeyCtx::Global,
                &ev(KeyCode::Char('s'), KeyModifiers::CONTROL)
            ),
            Some(Cmd::Save)
        );
        assert_eq!(
            lookup(KeyCtx::Global, &ev(KeyCode::Char('s'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            lookup(KeyCtx::Subnets, &ev(KeyCode::Char('d'), KeyModifiers::NONE)),
            Some(Cmd::RemoveRow)
        );
    }

    #[test]
    fn the_footer_keeps_save_quit_and_help_at_80_columns() {
        for ctxs in [
            &[KeyCtx::Form, KeyCtx::Subnets, KeyCtx::Global][..],
            &[KeyCtx::Form, KeyCtx::Identities, KeyCtx::Global],
            &[KeyCtx::Policies, KeyCtx::Global],
            &[KeyCtx::Review, KeyCtx::Global],
            &[KeyCtx::Apply, KeyCtx::Global],
            &[KeyCtx::Monitor, KeyCtx::Global],
        ] {
            let hints = crate::ui::widgets::footer::hints(ctxs, 80);
            for cmd in [Cmd::Save, Cmd::Quit, Cmd::Help] {
                assert!(
                    hints.iter().any(|b| b.cmd == cmd),
                    "{cmd:?} dropped from {ctxs:?}"
                );
            }
            let width: usize = hints
                .iter()
                .map(|b| b.label.chars().count() + b.hint.chars().count() + 3)
                .sum();
            assert!(width < 80, "{ctxs:?}: {width}");
        }
    }
}
