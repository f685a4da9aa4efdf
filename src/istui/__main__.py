from istui.cli import main

main()
