"""The shape of most template-only rules: a component of one service whose setting is left
unset (so the deployed resource gets the service's default)."""
from __future__ import annotations

from typing import Any

from ..rule import Rule


class UnsetSetting(Rule):
    """Subclass with ``service``, ``setting`` and :meth:`message`; override :meth:`is_set`
    when a written value can still mean "off"."""

    service = ""
    setting = ""
    scope = "template"

    def is_set(self, value: Any) -> bool:
        return value is not None

    def message(self, ctx, comp) -> str:  # pragma: no cover - every rule overrides it
        raise NotImplementedError

    def check(self, ctx):
        for comp in ctx.defined(self.service):
            if self.is_set(comp.settings.get(self.setting)):
                continue
            yield self.finding(self.message(ctx, comp), ctx.where(comp, self.setting),
                               component=comp.id)
