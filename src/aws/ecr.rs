//! Amazon ECR: the model owner's repositories and their policies (read-only).

use aws_sdk_ecr::Client;

use super::AwsError;

/// A repository of the account's private registry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repository {
    pub name: String,
    pub arn: String,
}

/// Every repository of the account's registry, to the last page (without maxResults ECR
/// answers at most 100 a page and a nextToken:
/// <https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeRepositories.html>).
pub async fn list_repositories(c: &Client) -> Result<Vec<Repository>, AwsError> {
    let repos: Vec<aws_sdk_ecr::types::Repository> = c
        .describe_repositories()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::from_sdk("ecr:DescribeRepositories", e))?;
    Ok(repos
        .iter()
        .map(|r| Repository {
            name: r.repository_name().unwrap_or_default().to_string(),
            arn: r.repository_arn().unwrap_or_default().to_string(),
        })
        .collect())
}

/// A repository's policy text, `None` when it has none.
pub async fn repository_policy(c: &Client, name: &str) -> Result<Option<String>, AwsError> {
    match c.get_repository_policy().repository_name(name).send().await {
        Ok(out) => Ok(out.policy_text().map(str::to_string)),
        Err(e) => {
            let err = AwsError::from_sdk("ecr:GetRepositoryPolicy", e);
            if err.is_not_found() {
                Ok(None)
            } else {
                Err(err)
            }
        }
    }
}
