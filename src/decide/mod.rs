//! Decision support, free of the office's domain: selecting the best of a few candidates with
//! a guaranteed probability of correct selection, and global sensitivity analysis (Morris
//! screening, Sobol indices). `experiment` applies them to scenarios.

pub mod design;
pub mod morris;
pub mod selection;
pub mod sobol;
