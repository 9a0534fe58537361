"""Being written now."""
__all__ = ["read_toc"]
def read_toc(path):
    raise NotImplementedError
