//! Applying the background tasks' answers to the wizard's state.

use super::{LiveEvent, Loadable, identity_key};
use crate::ui::App;

impl App {
    pub(crate) fn on_live(&mut self, event: LiveEvent) {
        match event {
            LiveEvent::Identity { side, key, result } => {
                // An answer for a profile or region since changed is dropped.
                if key == identity_key(&self.bp, side) {
                    *self.live.identity_mut(side) = Loadable::from_result(result);
                }
            }
            LiveEvent::Net(e) => self.on_net(e),
            LiveEvent::Run(e) => self.on_run(e),
            LiveEvent::Monitor(e) => self.on_monitor(e),
            LiveEvent::Plan(e) => self.on_plan(e),
            LiveEvent::Journal {
                dir,
                name,
                recorded,
            } => self.on_journal(&dir, &name, recorded),
        }
    }
}
