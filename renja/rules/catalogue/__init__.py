"""The catalogue: one module per family of rules. Every module here is imported, which registers its rules."""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
