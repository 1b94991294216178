from readingroom.cli.main import main

raise SystemExit(main())
