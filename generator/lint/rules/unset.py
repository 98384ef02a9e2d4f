"""The shape of most template-only rules: a component of one service whose setting is left
unset (so the deployed resource gets the service's default). A setting the template writes
with a value the import cannot know (a parameter without a default) counts as chosen: its key
is in the component's ``field_locations`` without a value in ``settings``."""
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
            value = comp.settings.get(self.setting)
            if self.is_set(value) or value is None and self.setting in comp.field_locations:
                continue  # set, or written with a value only known at deploy time
            yield self.finding(self.message(ctx, comp), ctx.where(comp, self.setting),
                               component=comp.id)
