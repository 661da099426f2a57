//! The wizard's screens (its pages; "step" is the engine's word) and which party each concerns.

/// Whose account a screen is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    DataOwner,
    ModelOwner,
    Both,
}

impl Party {
    pub fn label(self) -> &'static str {
        match self {
            Self::DataOwner => "data owner",
            Self::ModelOwner => "model owner",
            Self::Both => "both parties",
        }
    }

    /// Whether a screen about `self` concerns the data owner.
    pub fn includes_data_owner(self) -> bool {
        matches!(self, Self::DataOwner | Self::Both)
    }

    pub fn includes_model_owner(self) -> bool {
        matches!(self, Self::ModelOwner | Self::Both)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Screen {
    Parties,
    Network,
    Data,
    Cluster,
    Policies,
    Review,
    /// Apply with live progress.
    Apply,
    /// Every check, live, on an interval.
    Monitor,
}

impl Screen {
    pub const ALL: [Self; 8] = [
        Self::Parties,
        Self::Network,
        Self::Data,
        Self::Cluster,
        Self::Policies,
        Self::Review,
        Self::Apply,
        Self::Monitor,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Parties => "Identities",
            Self::Network => "Network",
            Self::Data => "Data",
            Self::Cluster => "Cluster",
            Self::Policies => "Policies",
            Self::Review => "Review",
            Self::Apply => "Apply",
            Self::Monitor => "Monitor",
        }
    }

    /// 0-based position in [`Screen::ALL`].
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn from_index(i: usize) -> Option<Self> {
        Self::ALL.get(i).copied()
    }

    pub fn next(self) -> Self {
        Self::from_index(self.index() + 1).unwrap_or(self)
    }

    pub fn prev(self) -> Self {
        self.index()
            .checked_sub(1)
            .and_then(Self::from_index)
            .unwrap_or(self)
    }

    /// The party the screen is about (shown in the header).
    pub fn party(self) -> Party {
        match self {
            Self::Parties | Self::Review | Self::Apply | Self::Monitor => Party::Both,
            Self::Network | Self::Data | Self::Policies => Party::DataOwner,
            Self::Cluster => Party::ModelOwner,
        }
    }
}
