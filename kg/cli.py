"""Being written now."""
def main():
    raise NotImplementedError
