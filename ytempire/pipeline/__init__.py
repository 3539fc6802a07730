"""The generation stages as services, the stage list, and the cost ledger."""
