"""Every lint rule, in id order. Add a rule: write its class, list it here, add fixtures
``tests/fixtures/lint/<ID>/pass.yaml`` and ``fail.yaml`` (+ ``fail.expected``), regenerate
``docs/rules.md``.

>>> [r.id for r in all_rules()][:3]
['E1001', 'E2001', 'E2002']
"""
from __future__ import annotations

from ..finding import severity_rank
from ..rule import Rule
from .api_stages import NoAccessLogs, NoDefaultThrottling, TextAccessLogs
from .concurrency import (ProvisionedAboveReserved, ProvisionedConcurrencyBilling,
                          UnreservedConcurrencyTooLow, ZeroReservedConcurrency)
from .connections import ImpossibleConnection, SelfInvocation, TriggerNotAllowed
from .deployment import DefaultMemory, DefaultTimeout, NoLogRetention, SeveralInvokingServices
from .failure_paths import QueueWithoutRedrive, RuleTargetWithoutDlq, SubscriptionWithoutDlq
from .function_limits import EphemeralStorageOutOfRange, MemoryOutOfRange, TimeoutAboveMax, TooManyLayers
from .integration import (NoFailureDestination, QueueVisibilityTooShort, RecursiveLoop,
                          SyncCallerTimeoutShorter, SyncFunctionChain)
from .networking import VpcFunctionWithoutEgress
from .observability import UntracedFunction, UntracedFunctionFlow, UntracedService
from .relational import RelationalWithoutProxy
from .runtimes import DeprecatedRuntime, RustOnOsOnlyRuntime, UnknownRuntime
from .security import WildcardPermission
from .settings_range import RetiringIntegration, RetiringService, SettingOutOfRange

RULE_CLASSES: tuple[type[Rule], ...] = (
    TriggerNotAllowed, RetiringService, RetiringIntegration, ImpossibleConnection, SelfInvocation,
    TimeoutAboveMax, MemoryOutOfRange, EphemeralStorageOutOfRange, TooManyLayers,
    SettingOutOfRange, DefaultMemory, DefaultTimeout, SeveralInvokingServices,
    UnknownRuntime, DeprecatedRuntime, RustOnOsOnlyRuntime,
    UnreservedConcurrencyTooLow, ProvisionedAboveReserved, ProvisionedConcurrencyBilling,
    ZeroReservedConcurrency,
    SyncCallerTimeoutShorter, QueueVisibilityTooShort, NoFailureDestination, RecursiveLoop,
    SyncFunctionChain, RuleTargetWithoutDlq, QueueWithoutRedrive, SubscriptionWithoutDlq,
    VpcFunctionWithoutEgress, RelationalWithoutProxy,
    WildcardPermission, NoDefaultThrottling,
    UntracedFunctionFlow, UntracedFunction, UntracedService, NoLogRetention, NoAccessLogs,
    TextAccessLogs,
)


def all_rules() -> list[Rule]:
    """One instance of every rule: errors, then warnings, then info, each by id."""
    return sorted((cls() for cls in RULE_CLASSES), key=lambda r: (severity_rank(r.severity), r.id))
