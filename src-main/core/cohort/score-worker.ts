// Worker entry for batch cohort scoring. Owned by the cohort module (src-main/core/cohort/).
export {};
