//! The apply task's events, applied to the wizard's state.

use super::{Phase, RunEvent};

impl crate::ui::App {
    pub(crate) fn on_run(&mut self, event: RunEvent) {
        use crate::ui::app::Status;
        let run = &mut self.live.run;
        match event {
            RunEvent::Started { journal } => {
                run.phase = Phase::Running;
                run.journal_path = Some(journal);
            }
            RunEvent::Progress(p) => {
                if run.running() {
                    let (id, state) = (p.step.clone(), p.state);
                    run.progress(p, self.live.now);
                    self.follow_step(&id, state);
                }
            }
            RunEvent::Refused(reason) => {
                run.phase = Phase::Idle;
                run.stopping = false;
                self.status = Some(Status::Error(format!("not applied: {reason}")));
                run.refused = Some(reason);
            }
            RunEvent::Finished(result) => {
                run.phase = Phase::Finished;
                run.stopping = false;
                self.status = Some(if result.interrupted {
                    Status::Info(format!("stopped: {}", self.resume_hint()))
                } else if result.failures.is_empty() {
                    Status::Info("✓ apply finished".into())
                } else {
                    Status::Error(format!(
                        "apply finished with {} failure(s): see the ✗ steps",
                        result.failures.len()
                    ))
                });
                self.live.run.result = Some(result);
                // Policies show what the journal now records; Review and Apply what the
                // accounts now hold.
                self.read_journal();
                self.ask_plan_for(true);
            }
        }
    }

    /// How to carry on after a stop or a failure.
    pub fn resume_hint(&self) -> String {
        match &self.config {
            Some(path) => format!(
                "run apply again (a), or `eks-isolation apply --config {}`",
                path.display()
            ),
            None => "run apply again (a); save (Ctrl-S) to resume it with \
                     `eks-isolation apply --config FILE`"
                .into(),
        }
    }
}
