//! Check IDs, titles and default severities, in THREATS.md's wording.

use serde::Serialize;

/// A THREATS.md check ID. Serializes as its name (`"D1"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum CheckId {
    D1,
    D2,
    D3,
    D4,
    D5,
    D6,
    D7,
    D8,
    D9,
    D10,
    D11,
    D12,
    D13,
    M1,
    M2,
    M3,
    M4,
    M5,
    M6,
    S1,
    S2,
    S3,
    S4,
    S5,
    S6,
    S7,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, f)
    }
}

impl CheckId {
    /// Every check, in catalog order.
    pub const ALL: [CheckId; 26] = [
        Self::D1,
        Self::D2,
        Self::D3,
        Self::D4,
        Self::D5,
        Self::D6,
        Self::D7,
        Self::D8,
        Self::D9,
        Self::D10,
        Self::D11,
        Self::D12,
        Self::D13,
        Self::M1,
        Self::M2,
        Self::M3,
        Self::M4,
        Self::M5,
        Self::M6,
        Self::S1,
        Self::S2,
        Self::S3,
        Self::S4,
        Self::S5,
        Self::S6,
        Self::S7,
    ];

    /// The ID named `name`, any case (`d1`, `D13`).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|id| id.to_string().eq_ignore_ascii_case(name.trim()))
    }

    /// The catalog's one-line title.
    pub fn title(self) -> &'static str {
        match self {
            Self::D1 => "Data bucket readable off the S3 endpoint",
            Self::D2 => "S3 endpoint reaches buckets other than the data bucket",
            Self::D3 => "Shared subnets have a route out of the VPC",
            Self::D4 => "ECR endpoint allows push",
            Self::D5 => "Logs endpoint writes to other accounts",
            Self::D6 => "SCP leaves a disk-copy path open",
            Self::D7 => "EKS API endpoint is public",
            Self::D8 => "Interface endpoint for a data-carrying service",
            Self::D9 => "SCP path void or escapable",
            Self::D10 => "Model owner can change who reads the data",
            Self::D11 => "Bucket public-access block incomplete",
            Self::D12 => "Interface endpoint allows writes the model owner reads",
            Self::D13 => "Names outside AWS resolve from the subnets",
            Self::M1 => "Model-owner role trusts the data owner",
            Self::M2 => "ECR repository open to the data owner",
            Self::M3 => "Cluster access maps a data-owner principal",
            Self::M4 => "Cluster security group open inbound",
            Self::M5 => "Data owner can log flow metadata",
            Self::M6 => "Organization reaches the model owner's resources",
            Self::S1 => "Shared subnets not in two usable AZ IDs",
            Self::S2 => "VPC DNS support or hostnames off",
            Self::S3 => "Endpoint a private cluster needs is missing",
            Self::S4 => "S3 endpoint blocks ECR image layers",
            Self::S5 => "Interface endpoint unreachable or private DNS off",
            Self::S6 => "Subnets not shared with the model owner",
            Self::S7 => "Shared subnet short of free addresses",
        }
    }

    /// The catalog's severity (S7 is critical below 6 free addresses, a warning otherwise; D12
    /// as severe as the worst writer it finds: critical, warning or info).
    pub fn severity(self) -> Severity {
        match self {
            Self::D8 | Self::D11 | Self::M4 | Self::M6 | Self::S7 => Severity::Warning,
            Self::M5 => Severity::Info,
            _ => Severity::Critical,
        }
    }
}
