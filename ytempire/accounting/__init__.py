"""The ledgers every total is derived from: paid calls (costs), accepted videos (daily cap), and the price table."""
