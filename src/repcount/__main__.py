from repcount.cli import main

main()
