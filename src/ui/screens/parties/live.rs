//! What the Identities screen asks of the live layer: the profile list, and identities to
//! resolve when a field they depend on is committed or when `r` asks.

use crate::aws::profiles::ProfileList;
use crate::blueprint::Side;
use crate::ui::app::{App, Status};
use crate::ui::fieldmap::FieldId;
use crate::ui::live::Loadable;

impl App {
    /// The profiles of the user's AWS config files (read before the first frame, again on `r`).
    pub fn set_profiles(&mut self, profiles: ProfileList) {
        self.parties.profiles = profiles;
        self.parties.sync(&self.bp);
    }

    /// `r`: read the AWS config files again, then resolve both identities again, even when
    /// the blueprint did not change (after `aws sso login`, or a fixed config file).
    pub(crate) fn resolve_again(&mut self) {
        if let Some(list) = self.parties.profiles.reload() {
            self.set_profiles(list);
        }
        for side in [Side::DataOwner, Side::ModelOwner] {
            *self.live.identity_mut(side) = Loadable::Idle;
            self.resolve_identity(side);
        }
        self.status = Some(Status::Info("resolving both identities again".into()));
    }

    /// A field was committed: resolve the identities it affects (unchanged requests are not
    /// sent again; an account ID only changes what the answer is compared with); a new name
    /// has another journal.
    pub(crate) fn field_committed(&mut self, id: FieldId) {
        match id {
            // The model owner's role is assumed with the data owner's credentials.
            FieldId::Region | FieldId::DataProfile => self.resolve_identities(),
            FieldId::DataAccount => self.resolve_identity(Side::DataOwner),
            FieldId::ModelAccount | FieldId::ModelProfile | FieldId::ModelRole => {
                self.resolve_identity(Side::ModelOwner);
            }
            FieldId::Name => self.journal_follows_name(),
            _ => {}
        }
    }
}
