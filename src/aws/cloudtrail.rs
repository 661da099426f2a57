//! CloudTrail: the organization trails the management account keeps (M6). An organization
//! trail logs the API calls of every member account into the trail's bucket:
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html>.

use super::AwsError;

/// A trail that records every member account's calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgTrail {
    pub name: String,
    pub bucket: String,
}

/// The organization trails visible to the caller (DescribeTrails answers every trail in one
/// answer; shadow trails included, so a member sees the organization's trails too:
/// <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html>).
pub async fn organization_trails(
    c: &aws_sdk_cloudtrail::Client,
) -> Result<Vec<OrgTrail>, AwsError> {
    let out = c
        .describe_trails()
        .include_shadow_trails(true)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk("cloudtrail:DescribeTrails", e))?;
    Ok(out
        .trail_list()
        .iter()
        .filter(|t| t.is_organization_trail() == Some(true))
        .map(|t| OrgTrail {
            name: t.name().unwrap_or_default().to_string(),
            bucket: t.s3_bucket_name().unwrap_or_default().to_string(),
        })
        .collect())
}
