"""`python -m demo`: migrate the configured database and fill it with the demo if it is empty."""

from demo.seed import main

main()
