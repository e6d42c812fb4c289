from shared.tests.worker_kinds.kind import run


def main() -> None:
    run("alpha")
