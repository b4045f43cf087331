"""Document kinds: one module per kind (its input model, its checks, its context) and the registry."""

from service.kinds.registry import Kind, all_kinds, get_kind

__all__ = ["Kind", "all_kinds", "get_kind"]
