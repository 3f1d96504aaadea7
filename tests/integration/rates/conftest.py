from tests.integration.declarations.conftest import sent_tasks

__all__ = ["sent_tasks"]
