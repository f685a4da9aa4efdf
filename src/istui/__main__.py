from istui.lean import main

main()
