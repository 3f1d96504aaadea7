from tests.integration.declarations.conftest import media_root, sent_tasks

__all__ = ["media_root", "sent_tasks"]
