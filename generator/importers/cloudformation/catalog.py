"""What each CloudFormation resource type is in a diagram: a component, a group, or support.

*Components* are the boxes a reader of the template would draw (functions, queues, tables,
APIs...); their service comes from the KB's ``cfn_types``. *Groups* are VPCs and subnets.
*Support* resources (permissions, roles, policies, rules, mappings, stages, routes, log groups,
security groups...) are not drawn: the importer reads them for connections and settings. A type
that is neither support nor in the KB becomes a ``generic`` component, never an error.

These tables describe CloudFormation's resource model (which resource wires or configures
which), not AWS facts; services and their relations come from the KB.

>>> role("AWS::Lambda::Permission"), role("AWS::EC2::Subnet"), role("AWS::SQS::Queue")
('support', 'group', 'component')
>>> role("AWS::Lambda::WebFunction"), role("AWS::Lambda::WebFunctionEndpoint")
('component', 'support')
>>> role("AWS::Example::NewThing"), role("Custom::Seed")
('component', 'component')
"""
from __future__ import annotations

GENERIC = "generic"
"""The KB service of components whose type no KB service claims."""

GROUP_KINDS = {"AWS::EC2::VPC": "vpc", "AWS::EC2::Subnet": "subnet"}

SAM_EQUIVALENT = {
    "AWS::Serverless::Function": "AWS::Lambda::Function",
    "AWS::Serverless::Api": "AWS::ApiGateway::RestApi",
    "AWS::Serverless::HttpApi": "AWS::ApiGatewayV2::Api",
    "AWS::Serverless::StateMachine": "AWS::StepFunctions::StateMachine",
    "AWS::Serverless::SimpleTable": "AWS::DynamoDB::Table",
    "AWS::Serverless::GraphQLApi": "AWS::AppSync::GraphQLApi",
    "AWS::Serverless::LayerVersion": "AWS::Lambda::LayerVersion",
    "AWS::Serverless::Application": "AWS::CloudFormation::Stack",
    "AWS::Serverless::WebFunction": "AWS::Lambda::WebFunction",
}
"""SAM resource types and the CloudFormation type the SAM transform turns them into (used when
the KB lists only one of the two)."""

CUSTOM_RESOURCE = "AWS::CloudFormation::CustomResource"

_SUPPORT_TYPES = frozenset({
    # Lambda plumbing: permissions, mappings, versions, layers (settings of the function)
    "AWS::Lambda::Permission", "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Version",
    "AWS::Lambda::Alias", "AWS::Lambda::EventInvokeConfig", "AWS::Lambda::Url",
    "AWS::Lambda::LayerVersion", "AWS::Serverless::LayerVersion",
    "AWS::Lambda::LayerVersionPermission", "AWS::Lambda::CodeSigningConfig",
    "AWS::Serverless::Connector",
    # a Lambda Web Function's revisions and endpoints are parts of the one function drawn
    "AWS::Lambda::WebFunctionRevision", "AWS::Lambda::WebFunctionEndpoint",
    # rules, subscriptions and resource policies wire components together
    "AWS::Events::Rule", "AWS::Events::Connection", "AWS::Events::Archive",
    "AWS::Events::EventBusPolicy", "AWS::SNS::Subscription", "AWS::SNS::TopicPolicy",
    "AWS::SNS::TopicInlinePolicy", "AWS::SQS::QueuePolicy", "AWS::SQS::QueueInlinePolicy",
    "AWS::S3::BucketPolicy", "AWS::Scheduler::ScheduleGroup",
    "AWS::Kinesis::StreamConsumer", "AWS::KMS::Key", "AWS::KMS::Alias",
    # load balancer listeners and target groups are the wiring between balancer and targets
    "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::ElasticLoadBalancingV2::ListenerCertificate",
    # AppSync and Cognito parts of an API or a user pool
    "AWS::AppSync::DataSource", "AWS::AppSync::Resolver", "AWS::AppSync::GraphQLSchema",
    "AWS::AppSync::ApiKey", "AWS::AppSync::FunctionConfiguration", "AWS::AppSync::DomainName",
    "AWS::AppSync::DomainNameApiAssociation", "AWS::AppSync::ApiCache",
    "AWS::AppSync::ChannelNamespace", "AWS::AppSync::SourceApiAssociation",
    "AWS::Cognito::UserPoolClient", "AWS::Cognito::UserPoolDomain",
    "AWS::Cognito::UserPoolResourceServer", "AWS::Cognito::UserPoolGroup",
    "AWS::Cognito::UserPoolUser", "AWS::Cognito::UserPoolUserToGroupAttachment",
    "AWS::Cognito::UserPoolIdentityProvider", "AWS::Cognito::UserPoolUICustomizationAttachment",
    "AWS::Cognito::IdentityPoolRoleAttachment", "AWS::Cognito::LogDeliveryConfiguration",
    "AWS::Cognito::ManagedLoginBranding", "AWS::Cognito::UserPoolRiskConfigurationAttachment",
    # parts and settings of other components
    "AWS::ECS::TaskDefinition", "AWS::ECS::CapacityProvider",
    "AWS::ECS::ClusterCapacityProviderAssociations",
    "AWS::Batch::JobDefinition", "AWS::Batch::ComputeEnvironment",
    "AWS::EFS::MountTarget", "AWS::EFS::AccessPoint",
    "AWS::DocDB::DBSubnetGroup", "AWS::DocDB::DBClusterParameterGroup",
    "AWS::RDS::DBSubnetGroup", "AWS::RDS::DBParameterGroup", "AWS::RDS::DBClusterParameterGroup",
    "AWS::RDS::DBProxyTargetGroup", "AWS::RDS::OptionGroup",
    "AWS::ElastiCache::SubnetGroup", "AWS::ElastiCache::ParameterGroup",
    "AWS::MemoryDB::SubnetGroup", "AWS::MemoryDB::ParameterGroup", "AWS::MemoryDB::ACL",
    "AWS::MemoryDB::User", "AWS::MSK::Configuration", "AWS::MSK::BatchScramSecret",
    "AWS::MSK::ClusterPolicy", "AWS::OpenSearchServerless::SecurityPolicy",
    "AWS::OpenSearchServerless::AccessPolicy", "AWS::OpenSearchServerless::VpcEndpoint",
    "AWS::OpenSearchServerless::SecurityConfig", "AWS::OpenSearchServerless::LifecyclePolicy",
    "AWS::OpenSearchServerless::Index", "AWS::OpenSearchServerless::CollectionGroup",
    "AWS::SecretsManager::SecretTargetAttachment", "AWS::SecretsManager::RotationSchedule",
    "AWS::SecretsManager::ResourcePolicy",
    "AWS::AppConfig::Environment", "AWS::AppConfig::ConfigurationProfile",
    "AWS::AppConfig::DeploymentStrategy", "AWS::AppConfig::HostedConfigurationVersion",
    "AWS::AppConfig::Deployment", "AWS::AppConfig::Extension",
    "AWS::AppConfig::ExtensionAssociation",
    "AWS::Kendra::DataSource", "AWS::Kendra::Faq",
    "AWS::QBusiness::WebExperience", "AWS::QBusiness::Index", "AWS::QBusiness::Retriever",
    "AWS::QBusiness::DataSource", "AWS::QBusiness::Plugin",
    "AWS::Transfer::User", "AWS::Amplify::Branch", "AWS::Amplify::Domain",
    "AWS::Glue::Database", "AWS::Glue::Table", "AWS::Glue::Registry", "AWS::Glue::Schema",
    "AWS::Glue::Connection", "AWS::Glue::SecurityConfiguration",
    "AWS::Timestream::Database", "AWS::IoT::Authorizer", "AWS::IoT::Policy",
    "AWS::IoT::Certificate", "AWS::IoT::Thing", "AWS::IoT::PolicyPrincipalAttachment",
    "AWS::IoT::ThingPrincipalAttachment",
    "AWS::SES::ConfigurationSet", "AWS::SES::ConfigurationSetEventDestination",
    "AWS::SES::ReceiptRule", "AWS::SES::ReceiptFilter", "AWS::SES::Template",
    "AWS::VpcLattice::Listener", "AWS::VpcLattice::TargetGroup", "AWS::VpcLattice::Rule",
    "AWS::VpcLattice::ServiceNetworkServiceAssociation",
    "AWS::VpcLattice::ServiceNetworkVpcAssociation", "AWS::VpcLattice::AuthPolicy",
    "AWS::VpcLattice::ResourcePolicy", "AWS::VpcLattice::AccessLogSubscription",
    "AWS::BedrockAgentCore::GatewayTarget",
    "AWS::CloudFront::CachePolicy", "AWS::CloudFront::OriginRequestPolicy",
    "AWS::CloudFront::ResponseHeadersPolicy", "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudFront::CloudFrontOriginAccessIdentity", "AWS::CloudFront::Function",
    "AWS::CloudFront::KeyGroup", "AWS::CloudFront::PublicKey",
    "AWS::WAFv2::WebACLAssociation", "AWS::WAFv2::IPSet", "AWS::WAFv2::RegexPatternSet",
    "AWS::WAFv2::RuleGroup", "AWS::WAFv2::LoggingConfiguration",
    "AWS::S3::AccessPointPolicy", "AWS::S3ObjectLambda::AccessPointPolicy",
    "AWS::StepFunctions::StateMachineAlias", "AWS::StepFunctions::StateMachineVersion",
    # deployment, DNS, certificates, monitoring configuration
    "AWS::CertificateManager::Certificate", "AWS::Route53::RecordSet",
    "AWS::Route53::RecordSetGroup", "AWS::Route53::HealthCheck", "AWS::Route53::HostedZone",
    "AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm", "AWS::CloudWatch::Dashboard",
    "AWS::CloudWatch::AnomalyDetector", "AWS::CloudWatch::InsightRule",
    "AWS::ApplicationInsights::Application", "AWS::ResourceGroups::Group",
    "AWS::CloudFormation::WaitCondition", "AWS::CloudFormation::WaitConditionHandle",
    "AWS::CloudFormation::Macro", "AWS::CloudFormation::ModuleDefaultVersion",
    "AWS::SSM::Document", "AWS::SSM::Association", "AWS::SSM::MaintenanceWindow",
    "AWS::SSM::MaintenanceWindowTarget", "AWS::SSM::MaintenanceWindowTask",
    "AWS::XRay::Group", "AWS::XRay::SamplingRule", "AWS::AutoScaling::LaunchConfiguration",
    "AWS::EventSchemas::Discoverer", "AWS::EventSchemas::Registry",
    "AWS::EventSchemas::Schema",
})

_SUPPORT_PREFIXES = (
    "AWS::IAM::", "AWS::Logs::", "AWS::ApplicationAutoScaling::", "AWS::ACMPCA::",
    "AWS::EC2::",  # VPC plumbing; EC2 instances are components (below)
    "AWS::ApiGateway::", "AWS::ApiGatewayV2::",  # APIs are components (below)
)

_COMPONENT_TYPES = frozenset({
    "AWS::EC2::Instance", "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api",
    # network components lint looks for inside a VPC (egress of functions attached to it)
    "AWS::EC2::NatGateway", "AWS::EC2::VPCEndpoint", "AWS::EC2::InternetGateway",
    "AWS::EC2::TransitGateway", "AWS::Logs::Destination",
})

OWNER_PROPERTY = {
    "AWS::Lambda::Version": "FunctionName", "AWS::Lambda::Alias": "FunctionName",
    "AWS::Lambda::Url": "TargetFunctionArn", "AWS::Lambda::EventInvokeConfig": "FunctionName",
    "AWS::Lambda::Permission": "FunctionName",
    "AWS::Lambda::WebFunctionRevision": "FunctionName",
    "AWS::Lambda::WebFunctionEndpoint": "FunctionName",
    "AWS::ApiGateway::Stage": "RestApiId", "AWS::ApiGateway::Deployment": "RestApiId",
    "AWS::ApiGateway::Resource": "RestApiId", "AWS::ApiGateway::Method": "RestApiId",
    "AWS::ApiGateway::Authorizer": "RestApiId", "AWS::ApiGateway::Model": "RestApiId",
    "AWS::ApiGateway::RequestValidator": "RestApiId",
    "AWS::ApiGateway::GatewayResponse": "RestApiId",
    "AWS::ApiGateway::VpcLink": "TargetArns",
    "AWS::ApiGatewayV2::Stage": "ApiId", "AWS::ApiGatewayV2::Route": "ApiId",
    "AWS::ApiGatewayV2::Integration": "ApiId", "AWS::ApiGatewayV2::Deployment": "ApiId",
    "AWS::ApiGatewayV2::Authorizer": "ApiId", "AWS::ApiGatewayV2::RouteResponse": "ApiId",
    "AWS::ApiGatewayV2::IntegrationResponse": "ApiId", "AWS::ApiGatewayV2::Model": "ApiId",
    "AWS::ApiGatewayV2::ApiMapping": "ApiId",
    "AWS::Kinesis::StreamConsumer": "StreamARN",
    "AWS::ElasticLoadBalancingV2::Listener": "LoadBalancerArn",
    "AWS::ElasticLoadBalancingV2::ListenerRule": "ListenerArn",
    "AWS::AppSync::DataSource": "ApiId", "AWS::AppSync::Resolver": "ApiId",
    "AWS::AppSync::GraphQLSchema": "ApiId", "AWS::AppSync::ApiKey": "ApiId",
    "AWS::AppSync::FunctionConfiguration": "ApiId", "AWS::AppSync::ChannelNamespace": "ApiId",
    "AWS::Cognito::UserPoolClient": "UserPoolId", "AWS::Cognito::UserPoolDomain": "UserPoolId",
    "AWS::Cognito::UserPoolResourceServer": "UserPoolId",
    "AWS::Cognito::UserPoolGroup": "UserPoolId", "AWS::Cognito::UserPoolUser": "UserPoolId",
    "AWS::EFS::MountTarget": "FileSystemId", "AWS::EFS::AccessPoint": "FileSystemId",
    "AWS::DocDB::DBInstance": "DBClusterIdentifier", "AWS::RDS::DBInstance": "DBClusterIdentifier",
    "AWS::SecretsManager::SecretTargetAttachment": "SecretId",
    "AWS::SecretsManager::RotationSchedule": "SecretId",
    "AWS::AppConfig::Environment": "ApplicationId",
    "AWS::AppConfig::ConfigurationProfile": "ApplicationId",
    "AWS::AppConfig::HostedConfigurationVersion": "ApplicationId",
    "AWS::AppConfig::Deployment": "ApplicationId",
    "AWS::Kendra::DataSource": "IndexId", "AWS::Kendra::Faq": "IndexId",
    "AWS::QBusiness::WebExperience": "ApplicationId", "AWS::QBusiness::Index": "ApplicationId",
    "AWS::QBusiness::Retriever": "ApplicationId", "AWS::QBusiness::DataSource": "ApplicationId",
    "AWS::QBusiness::Plugin": "ApplicationId",
    "AWS::Transfer::User": "ServerId", "AWS::Amplify::Branch": "AppId",
    "AWS::Amplify::Domain": "AppId",
    "AWS::VpcLattice::Listener": "ServiceIdentifier",
    "AWS::MSK::BatchScramSecret": "ClusterArn", "AWS::MSK::ClusterPolicy": "ClusterArn",
    "AWS::S3::BucketPolicy": "Bucket", "AWS::SQS::QueuePolicy": "Queues",
    "AWS::SNS::TopicPolicy": "Topics", "AWS::SNS::TopicInlinePolicy": "TopicArn",
    "AWS::SQS::QueueInlinePolicy": "Queue",
    "AWS::StepFunctions::StateMachineAlias": "RoutingConfiguration",
    "AWS::StepFunctions::StateMachineVersion": "StateMachineArn",
    "AWS::BedrockAgentCore::GatewayTarget": "GatewayIdentifier",
    "AWS::OpenSearchServerless::Index": "CollectionEndpoint",
    "AWS::S3::AccessPointPolicy": "ObjectAccessPoint",
    "AWS::WAFv2::WebACLAssociation": "WebACLArn",
}
"""Support types that belong to one component: a reference to them stands for that component
(``!Ref FunctionAlias`` means the function; a stage means its API)."""

PROMOTABLE = frozenset({"AWS::Logs::LogGroup"})
"""Support types drawn after all when events flow into or out of them (a log group that is a
rule or pipe target, or the source of a subscription filter)."""


def role(cfn_type: str) -> str:
    """``component``, ``group`` or ``support`` for a resource type."""
    if cfn_type in GROUP_KINDS:
        return "group"
    if cfn_type in _COMPONENT_TYPES:
        return "component"
    if cfn_type in _SUPPORT_TYPES or cfn_type.startswith(_SUPPORT_PREFIXES):
        return "support"
    return "component"


def service_for(kb, cfn_type: str, index: dict[str, str] | None = None) -> str:
    """The KB service (or database) drawn for a resource type, else :data:`GENERIC`
    (``index``: ``kb.cfn_type_index()`` when the caller already has it).

    >>> from generator.kb import load_kb
    >>> service_for(load_kb(), "AWS::Serverless::Function"), service_for(load_kb(), "AWS::No::Such")
    ('lambda', 'generic')
    """
    index = kb.cfn_type_index() if index is None else index
    candidates = [cfn_type, SAM_EQUIVALENT.get(cfn_type)]
    if cfn_type.startswith("Custom::"):
        candidates.append(CUSTOM_RESOURCE)
    for candidate in candidates:
        node_id = index.get(candidate) if candidate else None
        if node_id is not None and kb.nodes[node_id].get("kind") in ("service", "database"):
            return node_id
    return GENERIC
