#include "tribu/app/cli.h"

int main(int argc, char** argv) { return tribu::RunCli(argc, argv); }
