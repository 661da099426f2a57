//! Everything that can change the wizard's state. [`crate::ui::app::App::update`] is the only
//! place that applies them.

use std::path::PathBuf;

use super::fieldmap::FieldId;
use super::live::LiveEvent;
use super::screen::Screen;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A key was consumed and only the consumer's own view state changed: redraw.
    Render,
    /// Quit, asking first when there are unsaved changes.
    Quit,
    /// Quit now, dropping unsaved changes.
    QuitNow,
    /// Save the blueprint (and policy overrides); asks for a path when there is none.
    Save,
    /// Save to `path`; then quit when it worked. `force`: even though the blueprint has
    /// problems (the user said yes).
    SaveTo {
        path: PathBuf,
        then_quit: bool,
        force: bool,
    },
    /// Save, then quit when it worked.
    SaveAndQuit,
    Help,
    /// Close the open overlay.
    CloseOverlay,
    /// Esc with nothing open: the previous screen.
    Back,
    Goto(Screen),
    NextScreen,
    PrevScreen,
    /// Commit a field's text (validated again before it is written).
    SetField(FieldId, String),
    Toggle(FieldId),
    AddSubnet,
    RemoveSubnet(usize),
    /// Open the policy editor on the selected policy.
    EditPolicy,
    /// Drop the selected policy's override.
    ResetPolicy,
    /// The editor's text changed: parse it and run the analyzer again.
    EditorChanged,
    /// Esc in the editor: keep a valid edit, or ask about an invalid one.
    LeaveEditor,
    /// Leave the editor dropping its text.
    DiscardEdit,
    /// The blueprint did not load: start from the starter blueprint instead.
    StartFresh,
    /// The terminal was resized.
    Resize(u16, u16),
    /// A timer tick (only while something animates: a spinner, elapsed times, the monitor's
    /// countdown).
    Tick,
    /// A background task's answer.
    Live(Box<LiveEvent>),
    /// A left click at a terminal cell (column, row).
    Click(u16, u16),
    /// The mouse wheel over the screen: up (`true`) or down.
    Wheel(bool),
    /// Resolve both identities again (`r`), re-reading the AWS config files first.
    ResolveAgain,
    /// The Network and Data pickers: use a VPC, subnets, an endpoint; list again.
    Net(super::live::net::NetAction),
    /// The Apply screen: ask, start, stop, select.
    Run(super::live::run::RunAction),
    /// `r` on Review or Apply: read the live plan again.
    RefreshPlan,
    /// The Monitor screen: refresh, select.
    Monitor(super::live::monitor::MonitorAction),
}
