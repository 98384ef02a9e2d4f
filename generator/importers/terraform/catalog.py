"""What each Terraform resource type is in a diagram: a component, a group, or support (read
for wiring and settings, not drawn), as :mod:`..cloudformation.catalog` says for
CloudFormation. The service a component draws comes from the KB's ``tf_types``.

These tables describe the Terraform AWS provider's resource model (which resource wires or
belongs to which), not AWS facts.

>>> role("aws_lambda_permission"), role("aws_subnet"), role("aws_sqs_queue")
('support', 'group', 'component')
>>> role("random_id"), role("aws_example_new_thing")
('support', 'component')
"""
from __future__ import annotations

GENERIC = "generic"
GROUP_KINDS = {"aws_vpc": "vpc", "aws_subnet": "subnet", "aws_default_vpc": "vpc",
               "aws_default_subnet": "subnet"}

_SUPPORT_TYPES = frozenset({
    # Lambda plumbing: permissions, mappings, versions, aliases, layers, invoke configs
    "aws_lambda_permission", "aws_lambda_event_source_mapping", "aws_lambda_alias",
    "aws_lambda_function_event_invoke_config", "aws_lambda_function_url",
    "aws_lambda_layer_version", "aws_lambda_layer_version_permission",
    "aws_lambda_provisioned_concurrency_config", "aws_lambda_code_signing_config",
    "aws_lambda_function_recursion_config", "aws_lambda_invocation",
    # rules, targets, subscriptions and resource policies wire components together
    "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target",
    "aws_cloudwatch_event_permission", "aws_cloudwatch_event_archive",
    "aws_cloudwatch_event_connection", "aws_cloudwatch_event_bus_policy",
    "aws_sns_topic_subscription", "aws_sns_topic_policy", "aws_sqs_queue_policy",
    "aws_sqs_queue_redrive_policy", "aws_sqs_queue_redrive_allow_policy",
    "aws_scheduler_schedule_group", "aws_kinesis_stream_consumer",
    "aws_cloudwatch_log_group", "aws_cloudwatch_log_stream",
    "aws_cloudwatch_log_resource_policy", "aws_cloudwatch_log_subscription_filter",
    "aws_cloudwatch_log_metric_filter", "aws_db_event_subscription",
    "aws_secretsmanager_secret_version", "aws_secretsmanager_secret_rotation",
    "aws_secretsmanager_secret_policy", "aws_dynamodb_table_item",
    "aws_dynamodb_kinesis_streaming_destination", "aws_rds_cluster_instance",
    "aws_rds_cluster_parameter_group", "aws_db_subnet_group", "aws_db_parameter_group",
    "aws_db_proxy_default_target_group", "aws_db_proxy_target", "aws_db_proxy_endpoint",
    "aws_ecs_task_definition", "aws_ecs_cluster_capacity_providers",
    "aws_ecs_capacity_provider", "aws_batch_job_definition", "aws_batch_compute_environment",
    "aws_efs_mount_target", "aws_efs_access_point", "aws_mq_configuration",
    "aws_msk_configuration", "aws_cognito_user_pool_client", "aws_cognito_user_pool_domain",
    "aws_cognito_resource_server", "aws_cognito_user_group", "aws_cognito_user",
    "aws_cognito_identity_pool_roles_attachment", "aws_iot_policy", "aws_iot_certificate",
    "aws_iot_thing", "aws_iot_policy_attachment", "aws_iot_thing_principal_attachment",
    "aws_ses_configuration_set", "aws_ses_event_destination", "aws_ses_template",
    "aws_ses_receipt_rule", "aws_ses_active_receipt_rule_set",
    "aws_sesv2_configuration_set", "aws_sesv2_configuration_set_event_destination",
    "aws_ses_domain_identity_verification", "aws_ses_domain_dkim", "aws_glue_catalog_database",
    "aws_glue_catalog_table", "aws_glue_connection", "aws_glue_security_configuration",
    "aws_cloudfront_origin_access_control", "aws_cloudfront_origin_access_identity",
    "aws_cloudfront_cache_policy", "aws_cloudfront_origin_request_policy",
    "aws_cloudfront_response_headers_policy", "aws_cloudfront_function",
    "aws_wafv2_web_acl_association", "aws_opensearchserverless_security_policy",
    "aws_opensearchserverless_access_policy", "aws_s3_object",
    "aws_s3control_object_lambda_access_point_policy",
    "aws_api_gateway_account", "aws_ecr_lifecycle_policy", "aws_ecr_repository_policy",
    "aws_eip", "aws_eip_association", "aws_key_pair", "aws_launch_template",
    "aws_autoscaling_policy", "aws_appautoscaling_target", "aws_appautoscaling_policy",
    "aws_xray_sampling_rule", "aws_sfn_alias", "aws_bedrockagent_agent_action_group",
    "aws_bedrockagent_agent_alias", "aws_lb_listener", "aws_lb_listener_rule",
    "aws_lb_target_group", "aws_lb_target_group_attachment", "aws_alb_listener",
    "aws_alb_listener_rule", "aws_alb_target_group", "aws_alb_target_group_attachment",
})
_SUPPORT_PREFIXES = (
    "aws_iam_", "aws_kms_", "aws_s3_bucket_", "aws_api_gateway_", "aws_apigatewayv2_",
    "aws_security_group", "aws_vpc_security_group_", "aws_route", "aws_network_", "aws_default_",
    "aws_vpc_dhcp", "aws_vpc_ipv4", "aws_vpc_peering", "aws_ssm_", "aws_acm_", "aws_route53_",
    "aws_wafv2_", "aws_appconfig_", "aws_cloudwatch_log_", "aws_ec2_", "aws_egress_only",
    "aws_flow_log", "aws_main_route",
)
_COMPONENT_TYPES = frozenset({
    "aws_api_gateway_rest_api", "aws_apigatewayv2_api", "aws_nat_gateway",
    "aws_internet_gateway", "aws_vpc_endpoint",
})

OWNER_ATTRIBUTE = {
    "aws_lambda_alias": "function_name", "aws_lambda_function_url": "function_name",
    "aws_lambda_permission": "function_name",
    "aws_lambda_function_event_invoke_config": "function_name",
    "aws_lambda_provisioned_concurrency_config": "function_name",
    "aws_api_gateway_stage": "rest_api_id", "aws_api_gateway_deployment": "rest_api_id",
    "aws_api_gateway_resource": "rest_api_id", "aws_api_gateway_method": "rest_api_id",
    "aws_api_gateway_integration": "rest_api_id", "aws_api_gateway_authorizer": "rest_api_id",
    "aws_apigatewayv2_stage": "api_id", "aws_apigatewayv2_route": "api_id",
    "aws_apigatewayv2_integration": "api_id", "aws_apigatewayv2_authorizer": "api_id",
    "aws_apigatewayv2_deployment": "api_id", "aws_apigatewayv2_api_mapping": "api_id",
    "aws_sqs_queue_policy": "queue_url", "aws_sns_topic_policy": "arn",
    "aws_rds_cluster_instance": "cluster_identifier",
    "aws_kinesis_stream_consumer": "stream_arn", "aws_cognito_user_pool_client": "user_pool_id",
    "aws_cognito_user_pool_domain": "user_pool_id", "aws_sfn_alias": "routing_configuration",
    "aws_lb_listener": "load_balancer_arn", "aws_alb_listener": "load_balancer_arn",
    "aws_db_proxy_endpoint": "db_proxy_name", "aws_db_proxy_default_target_group":
    "db_proxy_name", "aws_efs_access_point": "file_system_id",
    "aws_secretsmanager_secret_version": "secret_id",
}
"""Support types that belong to one component: a reference to them stands for that component
(an alias means its function; a stage or deployment means its API)."""

PROMOTABLE = frozenset({"aws_cloudwatch_log_group"})
"""Support types drawn after all when events flow into or out of them."""

REGISTRY_MODULES = {
    "terraform-aws-modules/lambda/aws": "aws_lambda_function",
    "terraform-aws-modules/sqs/aws": "aws_sqs_queue",
    "terraform-aws-modules/sns/aws": "aws_sns_topic",
    "terraform-aws-modules/dynamodb-table/aws": "aws_dynamodb_table",
    "terraform-aws-modules/s3-bucket/aws": "aws_s3_bucket",
    "terraform-aws-modules/eventbridge/aws": "aws_cloudwatch_event_bus",
    "terraform-aws-modules/step-functions/aws": "aws_sfn_state_machine",
    "terraform-aws-modules/apigateway-v2/aws": "aws_apigatewayv2_api",
    "terraform-aws-modules/kinesis/aws": "aws_kinesis_stream",
    "terraform-aws-modules/rds-aurora/aws": "aws_rds_cluster",
    "terraform-aws-modules/alb/aws": "aws_lb",
    "terraform-aws-modules/ecs/aws": "aws_ecs_cluster",
    "terraform-aws-modules/cloudfront/aws": "aws_cloudfront_distribution",
    "terraform-aws-modules/vpc/aws": "aws_vpc",
}
"""Public registry modules and the resource each is built around: a call of one is drawn as
one external component of that type (its code is not in the folder)."""


def role(tf_type: str) -> str:
    """``component``, ``group`` or ``support`` for a resource type (resources of other
    providers, ``random_id``, ``null_resource``..., are support)."""
    if tf_type in GROUP_KINDS:
        return "group"
    if tf_type in _COMPONENT_TYPES:
        return "component"
    if not tf_type.startswith("aws_") or tf_type in _SUPPORT_TYPES or \
            tf_type.startswith(_SUPPORT_PREFIXES):
        return "support"
    return "component"


def service_for(kb, tf_type: str, index: dict[str, str] | None = None) -> str:
    """The KB service (or database) drawn for a Terraform type, else :data:`GENERIC`.

    >>> from generator.kb import load_kb
    >>> service_for(load_kb(), "aws_lambda_function"), service_for(load_kb(), "aws_no_such")
    ('lambda', 'generic')
    """
    index = kb.tf_type_index() if index is None else index
    node_id = index.get(tf_type)
    if node_id is not None and kb.nodes[node_id].get("kind") in ("service", "database"):
        return node_id
    return GENERIC


def registry_type(source: str) -> str | None:
    """The resource type a registry module is built around (``source`` without a
    ``//submodule`` part or a host).

    >>> registry_type("terraform-aws-modules/lambda/aws"), registry_type("./modules/x")
    ('aws_lambda_function', None)
    """
    base = source.split("//", 1)[0].split("?", 1)[0]
    if base.startswith("registry.terraform.io/"):
        base = base[len("registry.terraform.io/"):]
    return REGISTRY_MODULES.get(base)
